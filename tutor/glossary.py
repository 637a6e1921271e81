"""A small bilingual AWS glossary for query expansion.

The notes are Japanese; an English question shares few keywords with them. Adding the
Japanese terms of the concepts a question names lets BM25 and the line selector of the
extractive answerer match ("visibility timeout" -> 可視性タイムアウト).
"""

from __future__ import annotations

import re
from functools import lru_cache

# (English pattern, Japanese terms). Patterns are regexes matched case-insensitively.
GLOSSARY: list[tuple[str, str]] = [
    (r"visibility timeout", "可視性タイムアウト"),
    (r"dead[- ]letter queue|dlq", "Dead Letter Queue デッドレターキュー"),
    (r"max(imum)? receives?|receive count|maxreceivecount", "最大受信数"),
    (r"delay queues?", "遅延キュー"),
    (r"message timers?", "メッセージタイマー"),
    (r"long polling", "ロングポーリング"),
    (r"short polling", "ショートポーリング"),
    (r"polling", "ポーリング"),
    (r"standard queues?", "スタンダードキュー"),
    (r"fifo", "FIFOキュー"),
    (r"message attributes?", "メッセージ属性"),
    (r"metadata", "メタ情報"),
    (r"message size|size of a message|how (big|large)", "メッセージ 最大サイズ"),
    (r"retain|retention|keep|stor(e|ed|age)", "保存 保持期間"),
    (r"throughput|tps|transactions per second", "スループット TPS"),
    (r"at least once|deliver(ed|y)? (more than )?once|exactly once|duplicate", "配信 1回"),
    (r"order(ing)?", "配信順序 順序"),
    (r"pric(e|es|ing)|cost|charge|fee|usd|\$", "料金 USD 価格 有料 無料"),
    (r"encrypt(ion|ed)?", "暗号化"),
    (r"decrypt(ed|ion)?", "復号"),
    (r"access control|permissions?|polic(y|ies)", "アクセス制御 ポリシー アクセス権"),
    (r"durab(le|ility)", "耐久性"),
    (r"scal(e|ability|ing)", "スケーラビリティ スケーリング"),
    (r"fully managed|managed service", "フルマネージド 完全マネージド"),
    (r"security groups?", "セキュリティグループ"),
    (r"memory", "メモリ"),
    (r"cpu", "CPU"),
    (r"time ?out|run (for )?at most|maximum (execution|run) ?time", "タイムアウト 最大"),
    (r"execution role|iam role|role", "実行ロール ロール"),
    (r"event sources?|trigger", "イベントソース トリガー"),
    (r"asynchronous|async", "非同期呼出"),
    (r"synchronous", "同期呼出"),
    (r"retr(y|ies|ied)", "リトライ"),
    (r"concurren(cy|t)", "同時実行数"),
    (r"cold start", "コールドスタート"),
    (r"warm start", "ウォームスタート"),
    (r"environment variables?", "環境変数"),
    (r"versions?|versioning", "バージョン バージョニング"),
    (r"alias(es)?", "エイリアス"),
    (r"canary", "カナリア Canary"),
    (r"layers?", "Lambda Layers"),
    (r"containers?", "コンテナ"),
    (r"at a time|simultaneous", "同時に"),
    (r"zip", "ZIP形式"),
    (r"state machines?", "ステートマシン"),
    (r"workflows?", "ワークフロー"),
    (r"orchestrat(e|ion|es)", "オーケストレーション"),
    (r"activit(y|ies)", "Activity"),
    (r"syntax|lint|validate", "文法チェック StateLint"),
    (r"local(ly)?", "ローカル"),
    (r"start|invoke|run|execut(e|ion)", "実行方法 実行 呼び出し"),
    (r"recommend(ed)?", "推奨"),
    (r"images?", "イメージ"),
    (r"vulnerabilit(y|ies)|scan(ning)?", "脆弱性スキャン scanning"),
    (r"repositor(y|ies)", "リポジトリ"),
    (r"registr(y|ies)", "レジストリ"),
    (r"launch types?", "起動タイプ"),
    (r"container agent|agent", "ECSコンテナエージェント エージェント"),
    (r"task definitions?", "タスク定義"),
    (r"secrets?", "Secret"),
    (r"data planes?", "データプレーン"),
    (r"spot", "Spot"),
    (r"ephemeral|writable|storage", "揮発性 書き込み可能"),
    (r"network(ing)? mode|awsvpc|eni", "awsvpc ネットワークモード ENI"),
    (r"load balanc(er|ing)", "負荷分散 ALB"),
    (r"service discovery|cloud map", "Service Discovery Cloud Map"),
    (r"debug(ging)?|docker exec", "デバッグ docker exec"),
    (r"scale[- ]in|terminat(e|ion)|shut ?down", "スケールイン 終了"),
    (r"packages?", "パッケージ"),
    (r"cache|caching", "キャッシュ"),
    (r"sources?", "ソース"),
    (r"build", "ビルド"),
    (r"artifacts?", "アーティファクト 成果物 Artifact"),
    (r"notif(y|ication|ications)", "通知"),
    (r"deploy(ment)? (types?|configurations?|settings?)", "デプロイタイプ デプロイ設定"),
    (r"deploy(ment)? targets?|deploy to", "デプロイ先"),
    (r"in[- ]place", "In-Place"),
    (r"blue[- /]green", "Blue-Green"),
    (r"all[- ]at[- ]once", "All-at-once All at once"),
    (r"half[- ]at[- ]a[- ]time", "Half-at-a-time"),
    (r"one[- ]at[- ]a[- ]time", "One-at-a-time"),
    (r"linear", "Linear"),
    (r"appspec", "AppSpecファイル"),
    (r"review(er)?|code review", "Reviewer レビュー"),
    (r"profil(er|ing)", "Profiler プロファイリング"),
    (r"languages?|java", "Java 対象"),
    (r"pull requests?", "PullRequest"),
    (r"pipelines?", "パイプライン"),
    (r"third[- ]party|jenkins", "3rdパーティ Jenkins"),
    (r"wizard", "ウィザード"),
    (r"chaos", "カオスエンジニア"),
    (r"templates?", "テンプレート"),
    (r"trac(e|es|ing)", "トレース"),
    (r"microservices?", "マイクロサービス"),
    (r"ide|development environment|browser", "統合開発環境 Webブラウザ"),
    (r"web server environment", "Webサーバ環境"),
    (r"worker environment", "ワーカー環境"),
    (r"topics?", "Topic"),
    (r"subscri(be|ption|ber)", "Subscribe"),
    (r"protocols?", "Protocol"),
    (r"pub/?sub|publish", "Pub Sub Publish Subscribe"),
    (r"push", "Push方式"),
    (r"pull", "Pull方式"),
    (r"stream(ing)?", "ストリーミングデータ ストリームベース"),
    (r"websocket", "WebSocket"),
    (r"kafka", "Kafka"),
    (r"programming language", "プログラミング言語"),
    (r"lifecycle", "ライフサイクル"),
    (r"serverless", "サーバーレス"),
    (r"knowledge|skills?|prerequisite", "知識 能力 理解"),
    (r"questions?", "問題 設問"),
    (r"minutes?|duration|how long is the exam", "分 試験時間"),
    (r"pass(ing)? score|pass", "合格 スコア"),
    (r"domains?|weight(ing)?", "分野 配点 比率"),
    (r"unscored", "採点対象外"),
    (r"scored", "採点対象"),
]


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"(?<![a-z]){p}(?![a-z])", re.I), ja) for p, ja in GLOSSARY]


def expand(question: str) -> str:
    """Japanese terms for the concepts an English question names ('' when none)."""
    terms: list[str] = []
    for pat, ja in _compiled():
        if pat.search(question) and ja not in terms:
            terms.append(ja)
    return " ".join(terms)
