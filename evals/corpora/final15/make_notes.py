"""Write final15's two binary notes files: a Japanese Word document and a study workbook.

Run from the project root with a scratch environment that has python-docx and openpyxl:
    /tmp/dvenv/bin/python evals/corpora/final15/make_notes.py
python-docx and openpyxl are NOT project dependencies: they are used here only to make the
test files, the way a learner's Word and Excel would. The output is deterministic: document
properties carry fixed dates and authors, and every zip member gets a fixed timestamp.
The third notes file (`notes/cfn-sam-cdk-xray.en.org`) is plain text written by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
NOTES = HERE / "notes"
FIXED = dt.datetime(2025, 3, 2, 21, 30, 0)
ZIP_TIME = (2025, 3, 2, 21, 30, 0)
AUTHOR = "dva-learner"


# --------------------------------------------------------------------------- Word


def _bold_title(doc, text: str) -> None:
    """A short paragraph that is only bold text, used by the learner as a mini-title."""
    doc.add_paragraph().add_run(text).bold = True


def _broken(doc, *parts: str) -> None:
    """One paragraph with line breaks (Shift+Enter) between its parts."""
    run = doc.add_paragraph().add_run(parts[0])
    for part in parts[1:]:
        run.add_break()
        run.add_text(part)


def _bullets(doc, items: list[str | tuple[str, list[str]]]) -> None:
    for item in items:
        text, subs = (item, []) if isinstance(item, str) else item
        doc.add_paragraph(text, style="List Bullet")
        for sub in subs:
            doc.add_paragraph(sub, style="List Bullet 2")


def _table(doc, rows: list[list[str]]) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            run = cell.paragraphs[0].add_run(value)
            run.bold = r == 0


def make_docx(path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10.5)
    props = doc.core_properties
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.created = FIXED
    props.modified = FIXED
    props.revision = 7
    props.title = "SQS / SNS / EventBridge まとめ"

    doc.add_heading("SQS・SNS・EventBridge まとめ（DVA-C02 勉強用）", level=0)
    doc.add_paragraph(
        "模試（Udemy の第2回・第3回）で落とした問題を中心に、メッセージング系をまとめ直したノート。"
        "数字は自信がないものに（要確認）を付けてある。")
    _broken(doc, "作成：2024/11/10　最終更新：2025/03/02",
            "次回の見直し：試験の１週間前",
            "※ Step Functions は最後にちょっとだけ")

    # ------------------------------------------------------------------ SQS
    doc.add_heading("Amazon SQS", level=1)
    doc.add_paragraph("プル型のキュー。プロデューサとコンシューマを疎結合にするやつ。")

    doc.add_heading("キューの種類（標準／FIFO）", level=2)
    _table(doc, [
        ["比較", "標準キュー", "FIFOキュー"],
        ["配信回数", "少なくとも1回（たまに重複）", "1回だけ（exactly-once 処理）"],
        ["順番", "保証なし（だいたい順番）", "メッセージグループ内で先入れ先出し"],
        ["スループット", "ほぼ無制限",
         "1秒300 API コール（バッチなら3,000件）、高スループットモードでもっと"],
        ["キュー名", "自由", "末尾を .fifo にする必要あり"],
        ["重複排除", "なし", "5分間（重複排除 ID かコンテンツベース）"],
    ])
    _bullets(doc, [
        "FIFO の順番は MessageGroupId ごと。グループを分ければ並列にさばける",
        ("標準キューを FIFO に変えることはできない", [
            "キューの種類は作成後に変更不可 → 新しく作り直して切り替える",
        ]),
        "ContentBasedDeduplication を有効にすると本文の SHA-256 で重複判定",
    ])

    doc.add_heading("可視性タイムアウトの話", level=2)
    _bullets(doc, [
        "受信したメッセージが他のコンシューマから見えなくなる時間",
        ("デフォルト30秒、最大12時間（最小は0秒）", [
            "処理が長引くときは ChangeMessageVisibility で延長する",
        ]),
        "時間内に DeleteMessage しないと再び見えるようになって二重処理になる",
        "Lambda のイベントソースにするなら、キュー側の可視性"
        "タイムアウトは関数タイムアウトの6倍以上にしておく（らしい）",
    ])

    doc.add_heading("Long polling", level=2)
    _bullets(doc, [
        "ReceiveMessageWaitTimeSeconds を1〜20秒にするとロング、0だとショート（デフォルトは0）",
        "受信 API 側で WaitTimeSeconds を指定してもいい（キューの設定より優先）",
        "1回の受信で取れるのは最大10件（MaxNumberOfMessages）",
        "空振りのレスポンスが減る＝リクエスト数と料金が減る。基本はロングでいい",
    ])

    doc.add_heading("DLQ と redrive", level=2)
    _bullets(doc, [
        ("maxReceiveCount 回受信されても消されなかったメッセージを DLQ に移す（redrive policy）", [
            "例：maxReceiveCount=5 なら、5回受信されて失敗した時点で DLQ 行き",
        ]),
        "FIFO キューの DLQ は FIFO、標準キューの DLQ は標準にする",
        "DLQ の保持期間は元キューより長くしておく（最初に入った時刻のまま数えられるので、すぐ消える）",
        "DLQ から元のキューに戻すのが redrive（コンソールか StartMessageMoveTask API）",
        "redrive allow policy で、このキューを DLQ にしていい送り元キューを絞れる",
    ])
    _bold_title(doc, "Lambda ＋ SQS で失敗したときの流れ")
    for step in [
        "Lambda がポーリングしてバッチ（デフォルト10件）を受け取る",
        "関数がエラーになると、バッチ全部が可視性タイムアウト後にまた見える",
        "ReportBatchItemFailures をオンにしておけば、失敗したメッセージ ID だけ返せる",
        "受信回数が maxReceiveCount を超えたものは DLQ に移る",
    ]:
        doc.add_paragraph(step, style="List Number")

    doc.add_heading("遅延キュー", level=2)
    _bullets(doc, [
        "DelaySeconds は0〜900秒（15分）、デフォルト0",
        "キュー全体の遅延＝遅延キュー、メッセージ単位＝メッセージのタイマー",
        "FIFO キューではメッセージ単位のタイマーが使えない（キュー単位の遅延のみ）",
        "可視性タイムアウトとの違い：遅延は「受信される前」、可視性は「受信された後」に隠す",
    ])

    doc.add_heading("サイズと保持期間", level=2)
    _bullets(doc, [
        "メッセージの最大サイズは256KiB（1MiB に増えたって記事を見た気がする…要確認）",
        ("もっと大きいデータは Extended Client Library（Java / Python）", [
            "本体を S3 に置いて、キューには S3 への参照だけ送る。最大2GB",
        ]),
        "保持期間はデフォルト4日、1分〜14日で変更できる",
        "SendMessageBatch は1回10件まで、合計サイズも256KiB まで",
        "メッセージの属性（メタデータ）は1件につき10個まで",
    ])

    doc.add_heading("その他（SQS）", level=2)
    _bullets(doc, [
        "削除は受信のときにもらう ReceiptHandle で行う（メッセージ ID じゃない）",
        "PurgeQueue でキューの中身を全部消せる。終わるまで最大60秒",
        "Temporary Queue Client を使うとリクエスト／レスポンス型の一時キューが作れる",
        "FIFO の高スループットモードは MessageGroupId がばらけてないと意味がない",
        "ApproximateNumberOfMessagesVisible を CloudWatch で見て EC2 の Auto Scaling に使う",
    ])

    # ------------------------------------------------------------------ SNS
    doc.add_heading("Amazon SNS", level=1)
    doc.add_paragraph("プッシュ型の pub/sub。トピックに publish → サブスクライバー全員に届く。")

    doc.add_heading("ファンアウト", level=2)
    _bullets(doc, [
        "1つのトピックから複数の SQS キュー、Lambda、HTTP(S)、メール、SMS、Firehose にまとめて配信",
        ("SNS → SQS のファンアウトは、キューのアクセスポリシーで SNS からの送信を許可しないと届かない", [
            "Principal は sns.amazonaws.com、Condition の aws:SourceArn にトピック ARN ←よく忘れる",
        ]),
        "raw message delivery をオンにすると、SQS や HTTP に JSON の封筒なしで本文だけが届く",
        "1トピックのサブスクリプション上限は標準トピックで1,250万（FIFO は10万）",
        "サブスクライバーごとに別の処理をさせたいときに使う。SQS を挟むと取りこぼしにくい",
    ])

    doc.add_heading("フィルターポリシー", level=2)
    _bullets(doc, [
        "サブスクリプションごとに JSON のフィルターポリシーを付けて、必要なメッセージだけ受け取る",
        "デフォルトはメッセージ属性で判定。FilterPolicyScope を MessageBody にすると本文の JSON で判定",
        "完全一致のほか prefix、数値の範囲、anything-but、exists が書ける",
        "ポリシーを変えてから効くまで最大15分くらいかかる（らしい）",
        "フィルタで落ちたメッセージは料金がかからない…（要確認）",
    ])

    doc.add_heading("FIFO トピック", level=2)
    _bullets(doc, [
        "トピック名の末尾は .fifo。順番は MessageGroupId ごと、重複排除は5分",
        "購読先は基本 SQS FIFO キュー（標準キューも OK になったらしい、要確認）",
        "FIFO トピックはメッセージのアーカイブとリプレイもできる（保持は最大365日）",
    ])

    doc.add_heading("配信リトライと DLQ", level=2)
    _bullets(doc, [
        "SQS や Lambda など AWS のエンドポイントへは、23日間で10万回以上リトライする",
        "HTTP/S のエンドポイントだけ配信ポリシー（回数・間隔・バックオフ）を自分で決められる",
        "それでも届かないメッセージは、サブスクリプションに付けた SQS の DLQ に送れる",
        "DLQ はトピックではなくサブスクリプション単位で設定する",
    ])

    doc.add_heading("メッセージの属性（SNS）", level=2)
    _bullets(doc, [
        "型は String、String.Array、Number、Binary の4つ",
        "フィルターポリシーで見るのは基本この属性",
        "SNS のメッセージも最大256KB（それ以上は Extended Client Library で S3 に逃がす）",
        "PublishBatch なら1回で10件までまとめて publish できる",
    ])
    _bold_title(doc, "SNS の小ネタ")
    _bullets(doc, [
        "モバイルプッシュ（APNs、FCM）や SMS もサブスクリプション先にできる",
        "メッセージデータ保護で、本文の個人情報（PII）を検出・マスクできる",
        "サブスクリプションはエンドポイント側の確認（confirm）が必要。HTTP は SubscribeURL を叩く",
    ])

    # ------------------------------------------------------------------ EventBridge
    doc.add_heading("Amazon EventBridge", level=1)
    doc.add_paragraph("旧 CloudWatch Events。イベントバス＋ルール＋ターゲット。")

    doc.add_heading("ルールとイベントパターン", level=2)
    _bullets(doc, [
        "イベントバスは3種類：default（AWS サービスのイベント）、カスタム、パートナー（SaaS）",
        "ルールでイベントを絞り込んでターゲットに送る。1ルールのターゲットは最大5つ",
        ("イベントパターンは source、detail-type、detail の中身でマッチさせる", [
            "prefix、suffix、数値比較、anything-but、exists、ワイルドカードも書ける",
            "パターンに書いてないフィールドは無視される（全部一致でなくていい）",
        ]),
        "ターゲット：Lambda、SQS、SNS、Step Functions、API Gateway、API destinations（外部の HTTP API）など",
        "イベント1件（PutEvents のエントリ）は最大256KB",
        "ターゲットに渡す前に input transformer で JSON の形を変えられる",
        "ルールは1つのバスにつき300個まで（デフォルト、要確認）",
        "イベントパータンのテストはコンソールの Sandbox か TestEventPattern API でできる",
    ])
    _bold_title(doc, "ターゲットに届かなかったら")
    _bullets(doc, [
        "リトライはデフォルトで最大24時間・185回",
        "ターゲットごとに DLQ（SQS キュー）を付けられる",
    ])
    _table(doc, [
        ["比較", "SNS", "EventBridge"],
        ["配信先の数", "1トピックに大量のサブスクリプション", "1ルールに5ターゲットまで"],
        ["絞り込み", "サブスクリプションのフィルターポリシー", "ルールのイベントパターン（本文全体）"],
        ["SaaS 連携", "なし", "パートナーイベントソースあり"],
        ["保存・再送", "FIFO トピックのみアーカイブ", "アーカイブ＆リプレイ"],
        ["向いてる用途", "大量・低レイテンシのファンアウト", "AWS サービスや SaaS のイベントで振り分け"],
    ])

    doc.add_heading("アーカイブとリプレイ", level=2)
    _bullets(doc, [
        "バスに来たイベントをアーカイブに保存。保持期間は日数指定か無期限",
        "アーカイブにもイベントパターンを付けて一部だけ保存できる",
        "リプレイで過去の時間帯のイベントを元のバスに流し直せる（障害の後やテストで使う）",
        "リプレイされたイベントには replay-name が付くので、ルール側で見分けられる",
    ])

    doc.add_heading("スキーマレジストリ", level=2)
    _bullets(doc, [
        "スキーマ検出（discovery）をバスでオンにすると、流れてきたイベントからスキーマを自動で作る",
        "コードバインディングを Java、Python、TypeScript、Go でダウンロードできる",
        "AWS のサービスイベントのスキーマは最初から登録済み",
    ])

    doc.add_heading("Pipes と Scheduler", level=2)
    _bullets(doc, [
        ("EventBridge Pipes：ソース → フィルタ → エンリッチメント → ターゲット を1対1でつなぐ", [
            "ソースは SQS、DynamoDB Streams、Amazon MQ、MSK など（ポーリングするタイプ）",
            "エンリッチメントは Lambda、Step Functions（Express のみ）、API Gateway、API destinations",
            "フィルタで落としたイベントには課金されない",
        ]),
        ("EventBridge Scheduler：one-time（at）、rate、cron のスケジュールを大量に作れる", [
            "タイムゾーン指定OK、flexible time window で実行時刻を散らせる",
            "アカウントあたり数百万のスケジュール、ターゲットは270以上のサービスの API",
            "cron 式のスケジュールルールより Scheduler が今はおすすめ",
        ]),
    ])

    doc.add_heading("クロスアカウント", level=2)
    _bullets(doc, [
        "送る側：ルールのターゲットに相手アカウントのイベントバス ARN を指定する",
        "受ける側：イベントバスのリソースベースポリシーで events:PutEvents を許可する",
        "送る側のルールには、相手のバスに PutEvents できる IAM ロールも必要",
        "Organizations 全体から受けるなら aws:PrincipalOrgID の条件で許可すると楽",
    ])

    # ------------------------------------------------------------------ Step Functions
    doc.add_heading("AWS Step Functions（ちょっとだけ）", level=1)

    doc.add_heading("タスクトークン", level=2)
    _bullets(doc, [
        "リソース ARN に .waitForTaskToken を付けると、トークンを渡して一時停止する",
        "外の処理（人の承認、別システム）が SendTaskSuccess / SendTaskFailure でトークンを返すと再開",
        "Standard なら最大1年待てる。HeartbeatSeconds で生きてるか確認（SendTaskHeartbeat）",
        "Express ワークフローは最長5分なので、長い承認待ちには使えない",
        "SQS にトークン付きでメッセージを送って、ワーカーが終わったら返す、がよくあるパターン",
    ])

    doc.add_heading("Map ステート", level=2)
    _bullets(doc, [
        "配列の要素ごとに同じ処理を並列で回す。MaxConcurrency で同時数を制限（0は制限なし）",
        "Distributed モードだと S3 の大量オブジェクトを子ワークフローでさばける（最大10,000並列）",
        "インラインの Map は実行履歴の25,000イベント制限に注意",
    ])

    doc.add_heading("エラー処理", level=2)
    _bullets(doc, [
        ("Retry：ErrorEquals、IntervalSeconds、MaxAttempts、BackoffRate", [
            "デフォルトは IntervalSeconds=1、MaxAttempts=3、BackoffRate=2.0",
            "MaxAttempts を0にするとリトライしない",
        ]),
        "Catch：リトライを使い切ったら指定したステートに移る。ResultPath でエラー内容を入力に残す",
        "States.ALL は全部のエラーにマッチするので、配列の最後に書く",
        "States.Timeout は TimeoutSeconds（や HeartbeatSeconds）を超えたとき",
        "Lambda の一時的なエラー（Lambda.ServiceException など）は Retry に入れとくのがお作法",
        "Catch の Next で SNS に通知するステートに飛ばす、みたいに使う",
    ])
    _broken(doc, "メモ：Retry と Catch の両方があると、まず Retry、全部失敗したら Catch。",
            "　　　　模試でここ間違えた！")
    doc.add_paragraph("次：CloudFormation・SAM・X-Ray は org ファイルの方にまとめてある。")

    doc.save(path)


# --------------------------------------------------------------------------- Excel

LIMITS: list[tuple[str, str, object, str]] = [
    ("Lambda", "タイムアウト最大", 900, "秒（＝15分）。デフォルトは3秒"),
    ("Lambda", "メモリ", "128MB〜10,240MB", "1MB刻み。メモリに比例してCPUも増える"),
    ("Lambda", "メモリ上限（数字だけ）", 10240, "MB"),
    ("Lambda", "/tmp（エフェメラルストレージ）", "512MB〜10GB", "デフォルト512MB"),
    ("Lambda", "zip（直接アップロード）", "50MB", "圧縮した状態で"),
    ("Lambda", "zip 解凍後（レイヤー込み）", "250MB", ""),
    ("Lambda", "コンテナイメージのサイズ", "10GB", "非圧縮で"),
    ("Lambda", "環境変数の合計", "4KB", ""),
    ("Lambda", "レイヤー", "5個まで", "関数1つあたり"),
    ("Lambda", "同時実行数（デフォルト）", 1000, "リージョンごと。申請で引き上げ可"),
    ("Lambda", "予約しないで残す分", "100", "予約同時実行で全部は使えない"),
    ("Lambda", "スケールの速さ", "10秒ごとに1,000ずつ", "関数ごと（2023年の変更）"),
    ("Lambda", "同期呼び出しのペイロード", "6MB", "リクエストとレスポンスそれぞれ"),
    ("Lambda", "非同期呼び出しのペイロード", "256KB", "(要確認) 1MBになった？"),
    ("Lambda", "非同期のリトライ", "2回", "0〜2回に変更できる"),
    ("Lambda", "非同期イベントの最大の年齢", "6時間", "60秒〜6時間で設定"),
    ("Lambda", "SQSイベントソースのバッチ", "最大10,000件", "標準キュー。FIFOは10件まで"),
    ("API Gateway", "統合タイムアウト（REST）", "50ミリ秒〜29秒", "29秒以上は申請（Regional/Private のみ）"),
    ("API Gateway", "統合タイムアウト（HTTP API）", "30秒", ""),
    ("API Gateway", "アカウントのスロットリング", 10000, "リクエスト/秒、リージョンごと"),
    ("API Gateway", "バースト", "5,000リクエスト", ""),
    ("API Gateway", "ペイロード", "10MB", ""),
    ("API Gateway", "キャッシュTTL", "デフォルト300秒", "0〜3600秒。0にするとキャッシュ無効"),
    ("API Gateway", "キャッシュ容量", "0.5GB〜237GB", "RESTのみ"),
    ("API Gateway", "オーソライザーの結果キャッシュ", "デフォルト300秒", "最大3600秒"),
    ("API Gateway", "WebSocket 接続時間", "最大2時間", "アイドルは10分で切れる"),
    ("API Gateway", "WebSocket メッセージ", "128KB", "フレームは32KB"),
    ("API Gateway",
     "使用量プラン", "APIキーに紐づけてスロットリングとクォータ", "(要確認) APIキーは認可には使わない"),
    ("DynamoDB", "アイテムサイズ", "400KB", "属性名の長さも入る"),
    ("DynamoDB", "RCU 1つ", "4KBまでを強い整合性で1回/秒", "結果整合性なら2回"),
    ("DynamoDB", "WCU 1つ", "1KBまでを1回/秒", ""),
    ("DynamoDB", "トランザクション", "RCU・WCU を2倍消費", ""),
    ("DynamoDB", "TransactWriteItems", "100アイテム", "合計4MBまで"),
    ("DynamoDB", "BatchWriteItem", "25件", "合計16MB"),
    ("DynamoDB", "BatchGetItem", "100件", "合計16MB"),
    ("DynamoDB", "Query / Scan 1回の結果", "1MB", "LastEvaluatedKey で続きを読む"),
    ("DynamoDB", "LSI", "5個", "テーブル作るときしか作れない"),
    ("DynamoDB", "GSI", "20個", "デフォルトのクォータ。あとから追加OK"),
    ("DynamoDB", "LSIありのアイテムコレクション", "10GB", "パーティションキーの値ごと"),
    ("DynamoDB", "Streams の保持", "24時間", ""),
    ("DynamoDB", "TTL の削除", "期限切れから数日以内", "すぐ消えない。読むときフィルタする"),
    ("DynamoDB", "1パーティションの上限", "3,000 RCU / 1,000 WCU", ""),
    ("Cognito", "IDトークン", "デフォルト1時間", "5分〜1日"),
    ("Cognito", "アクセストークン", "デフォルト1時間", "5分〜1日"),
    ("Cognito", "リフレッシュトークン", "デフォルト30日", "60分〜10年"),
    ("Cognito", "Lambda トリガーの応答", "5秒以内", "(要確認) 返さないとリトライされる"),
    ("Cognito", "ユーザープール", "サインイン・サインアップ、JWT を発行", ""),
    ("Cognito", "IDプール", "一時的な AWS 認証情報を渡す", "ゲスト（未認証）もOK"),
]

COMPARE: list[tuple[str, str, str]] = [
    ("【API Gateway】 A=REST API / B=HTTP API", "", ""),
    ("料金", "高め", "REST より最大71%安い（らしい）"),
    ("レイテンシ", "ふつう", "低い"),
    ("APIキー・使用量プラン", "あり", "なし"),
    ("キャッシュ", "あり", "なし"),
    ("リクエストの検証・変換", "あり（マッピングテンプレート）", "パラメータのマッピングだけ"),
    ("WAF", "使える", "使えない"),
    ("オーソライザー", "IAM、Cognito、Lambda", "IAM、JWT（Cognito もここ）、Lambda"),
    ("エンドポイント", "エッジ最適化 / リージョン / プライベート", "リージョンのみ"),
    ("【Lambda】 A=予約済み同時実行 / B=プロビジョンド同時実行", "", ""),
    ("目的", "その関数の上限と取り分を確保", "初期化済みの環境を待機させてコールドスタートをなくす"),
    ("料金", "追加料金なし", "待機している分も課金"),
    ("設定先", "関数", "バージョンかエイリアス（$LATEST は不可）"),
    ("0にすると", "関数が止まる（スロットリング）", "—"),
    ("【DynamoDB】 A=LSI / B=GSI", "", ""),
    ("キー", "パーティションキーは同じ、ソートキーが別", "パーティションキーもソートキーも別でいい"),
    ("作るタイミング", "テーブル作成時だけ", "いつでも"),
    ("強い整合性の読み込み", "できる", "できない（結果整合性のみ）"),
    ("キャパシティ", "テーブルと共有", "インデックス独自"),
    ("【Cognito】 A=ユーザープール / B=IDプール", "", ""),
    ("何をくれる", "JWT（ID・アクセス・リフレッシュ）", "AWS の一時クレデンシャル"),
    ("使いどころ", "アプリのログイン", "S3 や DynamoDB に直接アクセス"),
]

QA: list[tuple[str, str, str]] = [
    ("Lambda を VPC に入れたらインターネットに出られない。なぜ？",
     "パブリック IP がつかない。NAT ゲートウェイ経由にする", "Lambda"),
    ("非同期呼び出しの失敗を別サービスに送るには？",
     "Destinations（OnFailure）か DLQ。Destinations の方が情報が多い", "Lambda"),
    ("Destinations の送り先は？", "SQS、SNS、Lambda、EventBridge（S3 も増えた？要確認）", "Lambda"),
    ("レイヤーは何に使う？", "ライブラリや共通コードを複数の関数で共有。/opt に展開される", "Lambda"),
    ("エイリアスで重み付けするには？", "2つのバージョンにルーティングの重みを設定（例 90:10）", "Lambda"),
    ("コールドスタートを減らす方法は？",
     "プロビジョンド同時実行、SnapStart（Java など）、初期化をハンドラの外に", "Lambda"),
    ("ハンドラの外で DB 接続を作る理由は？", "実行環境が再利用されると接続も使い回せる", "Lambda"),
    ("Lambda の 429 エラーは？", "スロットリング（TooManyRequestsException）。同時実行数の上限", "Lambda"),
    ("API Gateway の 504 は？", "統合のタイムアウト（29秒を超えた）", "API Gateway"),
    ("API Gateway の 502 は？", "Lambda プロキシ統合のレスポンス形式が不正", "API Gateway"),
    ("ステージ変数って？", "ステージごとの設定値。Lambda のエイリアス切り替えに使う", "API Gateway"),
    ("キャッシュを無視させるヘッダーは？",
     "Cache-Control: max-age=0（execute-api:InvalidateCache の権限が必要）", "API Gateway"),
    ("CORS エラーが出たら？", "OPTIONS メソッドと Access-Control-Allow-Origin ヘッダーを返す", "API Gateway"),
    ("Lambda オーソライザーの種類は？",
     "TOKEN（ヘッダーのトークン）と REQUEST（ヘッダー・クエリ等）", "API Gateway"),
    ("カナリアリリースは？", "ステージのカナリア設定でトラフィックの一部を新デプロイへ", "API Gateway"),
    ("書き込みがスロットリングされる！",
     "ホットパーティション。パーティションキーを散らす（書き込みシャーディング）", "DynamoDB"),
    ("6KBのアイテムを強い整合性で毎秒10回読むと？", "6KB→2単位×10＝20 RCU", "DynamoDB"),
    ("3KBのアイテムを毎秒5回書くと？", "3KB→3単位×5＝15 WCU", "DynamoDB"),
    ("Scan を速くしたい", "並列スキャン（Segment / TotalSegments）。でも RCU は食う", "DynamoDB"),
    ("楽観的ロックのやり方は？", "バージョン番号の属性で条件付き書き込み（ConditionExpression）", "DynamoDB"),
    ("Streams のビュータイプは？", "KEYS_ONLY、NEW_IMAGE、OLD_IMAGE、NEW_AND_OLD_IMAGES", "DynamoDB"),
    ("DAX と何が違う？", "DAX はマイクロ秒のキャッシュ。強い整合性の読み込みはキャッシュしない", "DynamoDB"),
    ("ユーザーがログインしたら S3 にアップロードさせたい",
     "ユーザープールでログイン→IDプールで一時クレデンシャル", "Cognito"),
    ("ID トークンとアクセストークンの違い",
     "ID はユーザーの属性（名前・メール）、アクセスはスコープ・権限", "Cognito"),
    ("サインアップ前に何かチェックしたい", "Pre sign-up トリガー（Lambda）", "Cognito"),
    ("トークンを取り消すには？", "RevokeToken（リフレッシュトークン単位）か GlobalSignOut", "Cognito"),
]


def make_xlsx(path: Path) -> None:
    wb = Workbook()
    wb.properties.creator = AUTHOR
    wb.properties.lastModifiedBy = AUTHOR
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    bold = Font(bold=True)

    ws = wb.active
    ws.title = "上限値"
    ws["A1"] = "DVA 暗記表 上限値まとめ"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["サービス", "項目", "値", "メモ"])
    for cell in ws[2]:
        cell.font = bold
    for service, item, value, memo in LIMITS:
        ws.append([service, item, value, memo or None])
    for col, width in zip("ABCD", (14, 30, 30, 40), strict=True):
        ws.column_dimensions[col].width = width

    ws = wb.create_sheet("比較")
    ws.append(["項目", "A", "B"])
    for cell in ws[1]:
        cell.font = bold
    for item, a, b in COMPARE:
        ws.append([item, a or None, b or None])
        if item.startswith("【"):
            ws.cell(ws.max_row, 1).font = bold
    for col, width in zip("ABC", (40, 36, 40), strict=True):
        ws.column_dimensions[col].width = width

    ws = wb.create_sheet("QA")
    ws.append(["問題", "答え", "分野"])
    for cell in ws[1]:
        cell.font = bold
    for q, a, area in QA:
        ws.append([q, a, area])
    for col, width in zip("ABC", (44, 60, 14), strict=True):
        ws.column_dimensions[col].width = width

    wb.save(path)


# --------------------------------------------------------------------------- determinism


def _fix_zip(path: Path) -> None:
    """Rewrite the zip with fixed member timestamps and fixed core-property dates."""
    with zipfile.ZipFile(path) as zin:
        members = [(info.filename, zin.read(info.filename)) for info in zin.infolist()]
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in members:
            if name == "docProps/core.xml":
                text = data.decode("utf-8")
                for tag in ("dcterms:created", "dcterms:modified"):
                    text = re.sub(rf"(<{tag}[^>]*>)[^<]*(</{tag}>)", rf"\g<1>{stamp}\g<2>", text)
                data = text.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)


def main() -> None:
    NOTES.mkdir(parents=True, exist_ok=True)
    docx_path = NOTES / "sqs-sns-eventbridge.ja.docx"
    xlsx_path = NOTES / "dva-anki-sheet.ja.xlsx"
    make_docx(docx_path)
    make_xlsx(xlsx_path)
    for path in (docx_path, xlsx_path):
        _fix_zip(path)
        print(f"wrote {path.relative_to(HERE.parents[2])}")


if __name__ == "__main__":
    main()
