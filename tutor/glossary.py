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
    (r"network interfaces?", "ENI ネットワーク"),
    (r"every minute|per minute", "毎分"),
    (r"delivery guarantee|guarantee", "配信 保証 1回"),
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


# Single English words -> Japanese note vocabulary (word-level fallback).
WORDS: dict[str, str] = {
    "message": "メッセージ", "messages": "メッセージ", "queue": "キュー", "queues": "キュー",
    "size": "サイズ 容量", "maximum": "最大", "max": "最大", "most": "最大", "largest": "最大",
    "minimum": "最低 最小", "default": "デフォルト", "defaults": "デフォルト",
    "day": "日 日間", "days": "日 日間", "second": "秒", "seconds": "秒", "minute": "分",
    "minutes": "分", "hour": "時間", "hours": "時間", "long": "期間 時間", "limit": "制限 上限",
    "limits": "制限 上限", "function": "関数", "functions": "関数", "code": "コード",
    "task": "タスク", "tasks": "タスク", "cluster": "クラスタ", "instance": "インスタンス",
    "instances": "インスタンス", "node": "ノード", "nodes": "ノード", "deploy": "デプロイ",
    "deployment": "デプロイ", "deployed": "デプロイ", "traffic": "トラフィック",
    "upload": "アップロード", "uploaded": "アップロード", "package": "パッケージ",
    "stored": "保存", "store": "保存", "saved": "保存", "consumer": "コンシューマ",
    "consumers": "コンシューマ", "producer": "プロデューサ", "producers": "プロデューサ",
    "receive": "受信 取得", "received": "受信 取得", "receiving": "受信 取得",
    "delete": "削除", "deleted": "削除", "deleting": "削除", "body": "本体",
    "attribute": "属性", "attributes": "属性", "key": "キー", "keys": "キー",
    "value": "バリュー 値", "values": "バリュー 値", "total": "合計", "region": "リージョン",
    "account": "アカウント", "type": "タイプ", "types": "タイプ 種類", "same": "同一",
    "server": "サーバ", "servers": "サーバ", "multiple": "複数", "empty": "空",
    "response": "応答", "respond": "応答", "api": "API", "calls": "呼び出し 呼出",
    "call": "呼び出し 呼出", "invocation": "呼出 呼び出し", "invoked": "呼び出さ 呼出",
    "success": "成否", "failure": "失敗", "fails": "失敗", "failed": "失敗",
    "automatically": "自動", "expire": "有効期限", "expires": "有効期限", "account-level": "アカウント",
    "per": "単位 ごと", "allocate": "割り当て", "assign": "割り当て", "assigned": "割り当て",
    "runtime": "ランタイム", "initialization": "初期化", "reuse": "再利用", "reused": "再利用",
    "happen": "発生", "occur": "発生", "occurs": "発生", "isolated": "隔離", "isolation": "隔離",
    "environment": "環境", "event": "イベント", "events": "イベント", "one": "1 １つ",
    "single": "1 １つ", "filter": "フィルタ", "filtered": "フィルタ", "output": "出力 OutputPath",
    "input": "引数 InputPath", "result": "結果 ResultPath", "arguments": "引数",
    "services": "サービス", "grammar": "文法", "json": "JSON", "language": "Language 言語",
    "ruby": "Ruby", "item": "アイテム", "items": "アイテム", "similar": "似た",
    "program": "プログラミング", "programmatic": "プログラミング", "click": "クリック",
    "clicks": "クリック", "alarm": "アラーム", "bucket": "バケット", "domain": "ドメイン",
    "stack": "スタック", "proportional": "比例", "multi-core": "マルチコア", "os": "OS",
    "ami": "AMI", "public": "public", "private": "private", "free": "無料", "paid": "有料",
    "patch": "パッチ", "patching": "パッチ", "update": "更新", "updated": "更新",
    "immutable": "変更 バージョン", "change": "変更", "modify": "変更", "edit": "変更",
    "install": "インストール", "installed": "インストール", "preinstalled": "事前 インストール",
    "daemon": "デーモン", "communicate": "通信", "communicates": "通信", "manage": "管理",
    "manages": "管理", "stop": "停止", "price": "価格", "cheaper": "安い", "expensive": "高い",
    "discount": "OFF", "allocation": "割り当て", "mandatory": "必須", "required": "必須 必要",
    "shared": "共用", "independent": "独立", "volatile": "揮発性", "interactive": "インタラクティブ",
    "notified": "通知", "deregister": "登録解除", "deregistration": "登録解除",
    "registration": "登録", "publish": "公開", "share": "共有", "own": "独自",
    "custom": "独自 Custom", "compile": "コンパイル", "unit": "単体", "tests": "テスト",
    "scheduled": "定期的", "manual": "手動", "manually": "手動", "structure": "構造",
    "user": "ユーザ", "users": "ユーザ", "proxy": "プロキシ", "report": "レポート",
    "reports": "レポート", "https": "HTTPS", "ssh": "SSH", "git": "Git GIT", "integrated": "統合",
    "on-premises": "オンプレミス", "premises": "オンプレミス", "replace": "入れ替え",
    "replaces": "入れ替え", "percent": "％ 割合", "percentage": "割合 ％", "step": "段階",
    "steps": "段階", "minute-by-minute": "毎分", "every": "毎 ごと", "increase": "増やし",
    "analyze": "分析 解析", "recommendation": "レコメンド", "recommendations": "レコメンド",
    "jvm": "JVM", "flow": "フロー", "action": "アクション", "actions": "アクション",
    "complex": "複雑", "failure-injection": "障害", "stress": "急増 過酷", "cut": "遮断",
    "problems": "問題", "performance": "パフォーマンス", "id": "ID", "log": "ログ", "logs": "ログ",
    "modify-code": "改造", "instrument": "改造", "difficult": "難易度",
    "integrated-development": "統合開発環境",
    "support": "サポート", "supports": "サポート", "video": "動画", "text": "テキスト",
    "classification": "分類", "category": "分類 カテゴリ", "categories": "分類 カテゴリ",
    "name": "名前", "names": "名前", "retry": "リトライ Retry", "deliver": "配信 送信",
    "delivered": "配信 送信", "delivery": "配信", "json-format": "JSON形式",
    "timeout": "タイムアウト", "condition": "条件", "conditions": "条件", "specific": "特定",
    "exam": "試験", "score": "スコア", "scaled": "スケール", "candidate": "受験者",
    "experience": "経験", "weight": "配点", "percentages": "配点",
    "access": "アクセス", "resource": "リソース", "resources": "リソース", "permission": "許可 アクセス",
    "permissions": "許可 アクセス", "secure": "セキュア", "password": "Secret セキュア",
    "passwords": "Secret セキュア", "file": "ファイル", "format": "形式", "formats": "形式",
    "describe": "記述", "described": "記述", "separate": "別", "new": "新しい",
    "switch": "切り替え", "switches": "切り替え", "must": "必要", "need": "必要",
    "programming": "プログラミング言語", "high-level": "高水準",
}

# Japanese paraphrases -> the words the notes use.
JA_SYNONYMS: dict[str, str] = {
    "保持": "保存", "保管": "保存", "順番": "順序", "届く": "配信", "届け": "配信", "配る": "配信",
    "重複": "2回以上 少なくとも1回", "最長": "最大", "上限": "最大", "何日": "日間",
    "何秒": "秒", "何分": "分", "何個": "個", "何件": "件", "何問": "問", "何回": "回",
    "権限": "アクセス権 ロール", "許可": "アクセス 許可", "言語": "Language 言語",
    "種類": "タイプ 方式", "方法": "方式 方法", "プッシュ": "Push", "プル": "Pull",
    "料金": "料金 USD", "値段": "料金 価格", "費用": "料金 価格", "安い": "安く",
    "定義": "記述", "暗号": "暗号化", "ローカル": "ローカル Local", "デッドレター": "Dead Letter Queue",
    "再試行": "リトライ Retry", "失敗": "失敗 できない",
}


def expand_words(question: str) -> str:
    """Word-level English -> Japanese, for words the phrase glossary did not catch."""
    words = re.findall(r"[a-z][a-z\-]*", question.lower())
    return " ".join(dict.fromkeys(WORDS[w] for w in words if w in WORDS))


def expand_ja(question: str) -> str:
    """Japanese paraphrase -> note vocabulary ("保持" -> "保存")."""
    return " ".join(v for k, v in JA_SYNONYMS.items() if k in question)


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"(?<![a-z]){p}(?![a-z])", re.I), ja) for p, ja in GLOSSARY]


def expand(question: str) -> str:
    """Japanese terms for the concepts an English question names ('' when none)."""
    terms: list[str] = []
    for pat, ja in _compiled():
        if pat.search(question) and ja not in terms:
            terms.append(ja)
    words = expand_words(question)
    return " ".join(terms + ([words] if words else []))
