"""UI strings in Japanese and English.

One language at a time: the browser's language on first load, then the learner's toggle.
"auto" (both joined) survives only for callers outside the UI, such as scripts.
"""

from __future__ import annotations

LANG_CHOICES: list[tuple[str, str]] = [("日本語", "ja"), ("English", "en")]

STRINGS: dict[str, tuple[str, str]] = {  # key -> (ja, en)
    "title": ("DVA-C02 学習チューター", "DVA-C02 study tutor"),
    "subtitle": ("あなたのノートだけを根拠に、出典付きで答えます。",
                 "Answers only from your notes, with citations."),
    "lang": ("表示言語", "Language"),
    "backend": ("回答エンジン", "Answer backend"),
    "extractive": ("抽出型（ノートの文を引用）", "extractive (quotes your notes)"),
    "tab_chat": ("チャット", "Chat"),
    "tab_quiz": ("クイズ", "Quiz"),
    "tab_evals": ("評価", "Evals"),
    "tab_notes": ("ノート", "Notes"),
    "question": ("質問", "Question"),
    "placeholder": ("例: SQSの可視性タイムアウトのデフォルト値は？",
                    "e.g. What is the default visibility timeout of SQS?"),
    "send": ("送信", "Send"),
    "clear": ("会話をクリア", "Clear chat"),
    "examples": ("質問の例", "Example questions"),
    "sources": ("出典", "Sources"),
    "refused": ("ノートに記載がありません", "Not in your notes"),
    "answered_in": ("質問が{language}のため、{language}で回答しました。",
                    "Your question is in {language}, so I answered in {language}."),
    "lang_ja": ("日本語", "Japanese"),
    "lang_en": ("英語", "English"),
    "fallback": ("LLM が使えなかったため、抽出型で回答しました。",
                 "The LLM was unavailable, so this is the extractive answer."),
    "err_question": ("質問を受け付けられません", "I can't take that question"),
    "err_index": ("インデックスを開けません。「ノート」タブで取り込んでください",
                  "The index is not usable. Ingest your notes in the Notes tab"),
    "err_other": ("エラーが発生しました。もう一度お試しください",
                  "Something went wrong. Please try again"),
    "quiz_service": ("サービス", "Service"),
    "quiz_domain": ("分野", "Domain"),
    "quiz_difficulty": ("難易度", "Difficulty"),
    "quiz_lang": ("出題言語", "Quiz language"),
    "quiz_count": ("問題数", "Number of questions"),
    "quiz_any": ("すべて", "any"),
    "quiz_start": ("クイズを始める", "Start quiz"),
    "quiz_submit": ("回答する", "Submit answer"),
    "quiz_next": ("次の問題", "Next question"),
    "quiz_retry": ("間違えた問題を解き直す", "Retry the wrong ones"),
    "quiz_choices": ("選択肢", "Choices"),
    "quiz_cloze": ("空欄に入る語句", "Fill in the blank"),
    "quiz_none": ("条件に合う問題を作れませんでした。条件を広げてください。",
                  "No questions match these filters. Try wider filters."),
    "quiz_progress": ("問題 {i} / {n}", "Question {i} of {n}"),
    "quiz_correct": ("正解！", "Correct!"),
    "quiz_wrong": ("不正解。正解: {key}", "Not quite. Answer: {key}"),
    "quiz_pick": ("選択肢を選んでください。", "Pick an answer first."),
    "quiz_score": ("スコア: {score} / {n}", "Score: {score} / {n}"),
    "quiz_perfect": ("全問正解です！", "All correct!"),
    "quiz_export_csv": ("CSV をダウンロード", "Download CSV"),
    "quiz_export_apkg": ("Anki (.apkg) をダウンロード", "Download Anki (.apkg)"),
    "eval_intro": ("同梱の評価セット（evals/datasets/dva.jsonl）か、同じ形式の JSONL を"
                   "実行します。",
                   "Run the shipped eval set (evals/datasets/dva.jsonl) or your own JSONL in "
                   "the same format."),
    "eval_upload": ("評価セット（JSONL、任意）", "Eval set (JSONL, optional)"),
    "eval_run": ("評価を実行", "Run eval"),
    "eval_report": ("report.json", "report.json"),
    "eval_error": ("評価セットを読めません", "Cannot read the eval set"),
    "notes_indexed": ("取り込み済みのファイル", "Indexed files"),
    "notes_upload": ("ファイルを追加（Markdown / PDF / テキスト / HTML / Word / Excel / Evernote / Org）",
                     "Add files (Markdown / PDF / text / HTML / Word / Excel / Evernote / Org)"),
    "notes_ingest": ("アップロードして取り込む", "Upload and ingest"),
    "notes_reingest": ("コーパス全体を再取り込み", "Re-ingest the whole corpus"),
    "notes_coverage": ("出題範囲のカバー状況", "Coverage of the exam domains"),
    "notes_refresh": ("更新", "Refresh"),
    "up_saved": ("取り込みました: {name}（{chunks} チャンク）", "Indexed {name} ({chunks} chunks)"),
    "up_unchanged": ("変更なし: {name}", "Unchanged: {name}"),
    "up_rejected": ("拒否しました: {name} — {reason}", "Rejected {name}: {reason}"),
    "up_type": ("対応していない形式です（{allowed}）", "unsupported type (allowed: {allowed})"),
    "up_size": ("大きすぎます（{size} > 上限 {limit}）", "too large ({size} > limit {limit})"),
    "up_none": ("ファイルを選んでください。", "Choose a file first."),
    "up_total": ("インデックスのチャンク数: {before} → {after}",
                 "Chunks in the index: {before} → {after}"),
    "up_lost": ("警告: チャンク数が減りました。", "Warning: the chunk count dropped."),
    "cov_content": ("内容あり", "has content"),
    "cov_empty": ("見出しのみ（空）", "empty heading"),
    "cov_mentioned": ("言及のみ", "mentioned only"),
    "cov_missing": ("ノートになし", "not in notes"),
    "from_notes": ("ノートの「{topic}」より:", "From your notes on 「{topic}」:"),
    "more_notes": ("ノートの関連箇所", "More from your notes"),
    "viewer_title": ("出典", "Source"),
    "viewer_close": ("閉じる", "Close"),
    "new_chat": ("新しいチャット", "New chat"),
    "past_chats": ("過去のチャット（このブラウザに保存）", "Past chats (saved in this browser)"),
    "delete_chats": ("履歴を削除", "Delete history"),
    "untitled": ("（無題）", "(untitled)"),
    "tab_progress": ("学習状況", "Progress"),
    "prog_intro": ("クイズの回答（画面と CLI）から、分野・サービスごとの正答率を表示します。",
                   "Accuracy by exam domain and service, from every quiz answer (app and CLI)."),
    "prog_refresh": ("更新", "Refresh"),
    "prog_none": ("まだ回答がありません。「クイズ」タブで問題を解くと、ここに記録されます。",
                  "No answers yet. Answer a few questions in the Quiz tab and they show up here."),
    "prog_total": ("回答 {n} 問 · 正答率 {acc} · 復習待ち {due} 問",
                   "{n} answers · {acc} correct · {due} due for review"),
    "prog_domain": ("分野", "Domain"), "prog_weight": ("配点", "Exam weight"),
    "prog_answers": ("回答数", "Answers"), "prog_acc": ("正答率", "Accuracy"),
    "prog_service": ("サービス", "Service"), "prog_last": ("最終回答", "Last answered"),
    "prog_weak": ("弱点（正答率の低い順）", "Weakest topics (lowest accuracy first)"),
    "prog_by_domain": ("分野別の正答率", "Accuracy by domain"),
    "prog_by_day": ("サービス別の正答率の推移（その日までの累計）",
                    "Accuracy by service over time (all answers so far)"),
    "review_start": ("復習を始める（期限の来た問題 {k} 問）", "Review due ({k} items)"),
    "review_none": ("期限の来た復習問題はありません。", "Nothing is due for review."),
    "review_head": ("復習: 間違えた問題を Leitner 方式（1・3・7・14日後）で出題します。",
                    "Review: questions you missed, on the Leitner schedule (1, 3, 7, 14 days)."),
    "eval_metric": ("指標", "Metric"), "eval_meaning": ("意味", "What it means"),
    "eval_base": ("基準値", "Baseline"), "eval_delta": ("差", "Change"),
    "eval_failed": ("不合格のケース（{n} 件）", "Failing cases ({n})"),
    "eval_no_fail": ("不合格のケースはありません。", "No failing cases."),
    "eval_q": ("質問", "Question"), "eval_expected": ("期待", "Expected"),
    "eval_said": ("チューターの回答", "What the tutor said"), "eval_cited": ("出典", "Cited"),
    "eval_why": ("不合格の指標", "Failed"),
    "eval_regressed": ("基準値より {n} 項目が悪化しました。", "{n} metric(s) fell below the baseline."),
    "eval_ok": ("基準値からの悪化はありません。", "No metric fell below the baseline."),
    "eval_cases": ("{n} 件", "{n} cases"),
    "up_busy": ("別の取り込みが実行中です。少し待ってください。",
                "Another ingest is running; try again shortly."),
}

EXAMPLES: dict[str, list[str]] = {
    "ja": ["SQSの可視性タイムアウトのデフォルト値は？", "Lambdaのタイムアウトの最大値は？",
           "DVA-C02の試験の問題数は？"],
    "en": ["What is the default visibility timeout of SQS?",
           "What is the maximum Lambda timeout?", "How many questions are on the DVA-C02 exam?"],
}


def t(name: str, lang: str = "ja", /, **fmt: object) -> str:
    """The string ``name`` in ``lang`` (the UI is built in Japanese, then relabelled to the
    browser's language); "auto" joins both, for callers that cannot know the reader."""
    ja, en = STRINGS[name]
    if lang == "ja":
        out = ja
    elif lang == "en":
        out = en
    else:
        out = ja if ja == en else f"{ja} / {en}"
    return out.format(**fmt) if fmt else out


def ui_lang(choice: str | None, answer_lang: str | None = None) -> str:
    """The language to write UI text in: the chosen one, else the answer's, else both."""
    if choice in {"ja", "en"}:
        return choice
    return answer_lang if answer_lang in {"ja", "en"} else "auto"


def browser_lang(locale: str | None) -> str:
    """The UI language for a browser locale ("ja-JP" -> ja); English for anything else."""
    return "ja" if str(locale or "").lower().startswith("ja") else "en"
