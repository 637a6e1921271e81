"""UI strings in Japanese and English.

The language toggle drives the UI text; "auto" shows both, because until the learner
asks something we do not know which language they read.
"""

from __future__ import annotations

LANG_CHOICES: list[tuple[str, str]] = [("auto", "auto"), ("日本語", "ja"), ("English", "en")]

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
    "notes_upload": ("ファイルを追加（Markdown / PDF / テキスト / HTML）",
                     "Add files (Markdown / PDF / text / HTML)"),
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
    "up_busy": ("別の取り込みが実行中です。少し待ってください。",
                "Another ingest is running; try again shortly."),
}

EXAMPLES: list[str] = [
    "SQSの可視性タイムアウトのデフォルト値は？",
    "Lambdaのタイムアウトの最大値は？",
    "What is the default visibility timeout of SQS?",
    "How many questions are on the DVA-C02 exam?",
]


def t(name: str, lang: str = "auto", /, **fmt: object) -> str:
    """The string ``name`` in ``lang``; "auto" joins both so nobody is locked out."""
    ja, en = STRINGS[name]
    if lang == "ja":
        out = ja
    elif lang == "en":
        out = en
    else:
        out = ja if ja == en else f"{ja} / {en}"
    return out.format(**fmt) if fmt else out


def ui_lang(choice: str | None, answer_lang: str | None = None) -> str:
    """The language to write UI text in: the forced one, else the answer's, else both."""
    if choice in {"ja", "en"}:
        return choice
    return answer_lang if answer_lang in {"ja", "en"} else "auto"
