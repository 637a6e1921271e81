"""Build the tenth held-out corpus's Japanese prose PDF (notes/dynamodb-sfn.ja.pdf).

Why a script: the PDF must look like a real learner's export -- Japanese prose, a larger
title line and bold section titles, paragraphs wrapped into fixed-width layout lines that may
break a word across rows, a running header and a page-number footer on every page -- and it
must be reproducible byte for byte (``invariant=1``), so the text lives here and the PDF is
regenerated from it.

Run: ``python -m evals.corpora.final10.make_pdf [OUT]`` (needs reportlab, in the ``dev`` extra).
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).parent / "notes" / "dynamodb-sfn.ja.pdf"
TITLE = "DynamoDB と Step Functions 自習ノート（DVA-C02）"
HEADER = "DVA-C02 勉強ノート  DynamoDB / Step Functions"
LINE_WIDTH = 76  # display columns per layout line (full-width = 2)
BODY_FONT, HEAD_FONT = "HeiseiMin-W3", "HeiseiKakuGo-W5"

# ("h", text) is a bold section title; ("p", text) a paragraph wrapped into layout lines
DOC: list[tuple[str, str]] = [
    ("h", "1. DynamoDB の基本とキー設計"),
    ("p", "DynamoDBはフルマネージドのNoSQLデータベースで、キーバリュー型とドキュメント型の両方"
          "として使える。テーブルの中にアイテム（行みたいなもの）があり、アイテムは属性の集まり。"
          "1アイテムのサイズ上限は400KBで、属性名の長さもこのサイズに含まれるので、属性名を"
          "短くしておくと少し節約になる。スキーマはプライマリキー以外は決めなくてよい。"),
    ("p", "プライマリキーは2パターン。パーティションキーだけの単純なキーと、パーティションキー＋"
          "ソートキーの複合キー。パーティションキーの値はハッシュ関数にかけられ、どの物理パーティ"
          "ションに置くかが決まる。複合キーの場合は同じパーティションキーのアイテムがソートキー順に"
          "並んで保存されるので、begins_with や between を使った範囲の取得ができる。"),
    ("p", "パーティションキーはカーディナリティが高い（値の種類が多い）ものを選ぶのが鉄則。"
          "特定の値にアクセスが集中するとホットパーティションになってスロットリングされる。"
          "1つの物理パーティションが処理できるのは最大3,000 RCUと1,000 WCUまで。"
          "書き込みが偏るときはキーの末尾にランダムな番号を付けるライトシャーディングで散らす。"),
    ("p", "データ型はスカラー型（String、Number、Binary、Boolean、Null）、ドキュメント型（List、"
          "Map）、セット型（文字列セット、数値セット、バイナリセット）の3グループ。キー属性に"
          "使えるのはString、Number、Binaryだけ。"),
    ("h", "2. セカンダリインデックス（LSI と GSI）"),
    ("p", "LSI（ローカルセカンダリインデックス）はベーステーブルと同じパーティションキーで、別の"
          "ソートキーを使うインデックス。テーブル作成時にしか定義できず、後から追加も削除もでき"
          "ないのが最大の注意点。1テーブルにつき5個まで。キャパシティはテーブル本体と共有し、"
          "強い整合性の読み込みにも対応している。LSIがあるテーブルは、同じパーティションキー値の"
          "アイテムの合計（アイテムコレクション）が10GBまでという制限が付く。"),
    ("p", "GSI（グローバルセカンダリインデックス）はパーティションキーもソートキーもテーブルと"
          "別のものを選べるインデックスで、テーブル作成後にいつでも追加できる。デフォルトの上限は"
          "1テーブルあたり20個。プロビジョンドモードではGSIごとに別のRCU/WCUを設定する。GSIの"
          "読み込みは結果整合性のみで、強い整合性は指定できない。GSIの書き込みキャパシティが"
          "足りないと、ベーステーブルへの書き込みまでスロットリングされるので、GSIのWCUはテーブル"
          "と同じくらいかそれ以上にしておくのが安全。"),
    ("p", "インデックスに持たせる属性（プロジェクション）はKEYS_ONLY、INCLUDE、ALLの3種類。"
          "射影していない属性をクエリで取ろうとすると、GSIの場合は取得できない（LSIはテーブル"
          "から取ってきてくれるが、その分の読み込みが追加でかかる）。"),
    ("h", "3. キャパシティモードと RCU / WCU の計算"),
    ("p", "キャパシティモードはプロビジョンドとオンデマンドの2つ。プロビジョンドは秒あたりの"
          "RCU/WCUを自分で決めてAuto Scalingで上下させる。オンデマンドはリクエスト単位の課金で、"
          "予測できない負荷や新しいアプリ向け。プロビジョンドからオンデマンドへの切り替えは24時間"
          "で4回まで、オンデマンドからプロビジョンドへはいつでも（前は1日1回だった、要確認）。"),
    ("p", "1 RCUは、4KBまでのアイテムを1秒に1回、強い整合性で読める量。結果整合性なら同じ1 RCU"
          "で1秒に2回読める。トランザクション読み込みは4KBごとに2 RCU。1 WCUは、1KBまでの"
          "アイテムを1秒に1回書ける量で、トランザクション書き込みは1KBごとに2 WCU。サイズは"
          "切り上げで計算する。"),
    ("p", "計算例その1：6KBのアイテムを毎秒10個、強い整合性で読む。6KBは4KB単位に切り上げて"
          "8KBなので1個2 RCU、合計20 RCU。結果整合性ならその半分で10 RCU。計算例その2：2.5KB"
          "のアイテムを毎秒5個書く。2.5KBは切り上げで3KB、つまり1個3 WCUで、合計15 WCU。"
          "計算例その3：1KBのアイテムを毎秒100個トランザクションで書くと200 WCU。"),
    ("p", "キャパシティを超えるとProvisionedThroughputExceededExceptionが返る。AWS SDKは"
          "自動で指数バックオフのリトライをしてくれる。使い残したキャパシティは最大300秒分"
          "バーストキャパシティとして貯まるので、短いスパイクなら吸収できることもある。"),
    ("h", "4. 読み書きの API（Query / Scan / 条件付き書き込み）"),
    ("p", "読み込みはデフォルトで結果整合性。GetItemやQueryでConsistentReadをtrueにすると強い"
          "整合性になる（コストは2倍）。Queryはパーティションキーの値を等号で必ず指定し、ソートキー"
          "には条件（=、<、>、begins_with、between）を付けられる。1回のQueryやScanが返すのは最大"
          "1MBまでで、続きがあるとレスポンスにLastEvaluatedKeyが入るので、それを次のリクエストの"
          "ExclusiveStartKeyに渡してページングする。"),
    ("p", "FilterExpressionは読み込んだ後に結果を絞るだけなので、消費するRCUは減らない。返す属性"
          "を絞りたいときはProjectionExpressionを使う。Scanはテーブル全体を読むので遅くて高い。"
          "大きなテーブルではSegmentとTotalSegmentsを指定した並列スキャンで速くできるが、"
          "キャパシティも一気に使うので本番テーブルでは注意（Limitで1回の件数を抑える）。"),
    ("p", "バッチ系：BatchGetItemは1回で最大100アイテム（合計16MBまで）、BatchWriteItemは最大"
          "25件のPutとDeleteをまとめられる。BatchWriteItemではUpdateはできない。処理しきれなかった"
          "分はUnprocessedItems（読み込みならUnprocessedKeys）で返るので、バックオフしながら再送する。"),
    ("p", "条件付き書き込み：PutItem、UpdateItem、DeleteItemにConditionExpressionを付けると、"
          "条件が成り立つときだけ書き込む。attribute_not_exists(pk)を付ければ既存アイテムの上書き"
          "を防げる。条件が外れるとConditionalCheckFailedExceptionになる。バージョン番号の属性を"
          "持たせて、読んだときのバージョンと一致するときだけ更新するのが楽観的ロック。"
          "UpdateExpressionのADDやSETで数値を増やすとアトミックカウンタになるけど、リトライで"
          "二重に加算されることがある（冪等じゃない）ので、正確さが必要な数には使わない。"),
    ("h", "5. ストリーム・TTL・トランザクション"),
    ("p", "DynamoDB Streamsはアイテムの変更（追加・更新・削除）を時系列で記録する機能で、レコードは"
          "24時間だけ保持される。StreamViewTypeは4つで、KEYS_ONLY（キーだけ）、NEW_IMAGE（変更後の"
          "アイテム）、OLD_IMAGE（変更前）、NEW_AND_OLD_IMAGES（両方）。あとから変えるにはストリーム"
          "を一度無効にして作り直す。Lambdaのイベントソースマッピングでトリガーにでき、同じアイテム"
          "への変更は順番どおりに届く。"),
    ("p", "TTLは、エポック秒（Unix時間の秒数）を入れた数値型の属性を指定しておくと、その時刻を"
          "過ぎたアイテムを自動で消してくれる機能。削除は裏で行われるのでWCUを消費しない。ただし"
          "期限切れ後すぐ消えるわけではなく、数日かかることもあるらしい（前は48時間以内と書いてあった"
          "はず）ので、読むときに期限切れをフィルターで除く。TTLの削除もストリームに流れてきて、"
          "userIdentityがdynamodb.amazonaws.comになっているので普通の削除と区別できる。"),
    ("p", "トランザクションはTransactWriteItemsとTransactGetItemsで、複数のテーブルにまたがって"
          "全部成功か全部失敗かにできる。1回のトランザクションで扱えるのは最大100アイテム（昔は25）、"
          "合計4MBまで。ClientRequestTokenを付けると10分間は同じリクエストが冪等に扱われる。"
          "他の書き込みと競合するとTransactionCanceledExceptionが返る。普通の読み書きの2倍の"
          "キャパシティを使う。"),
    ("h", "6. DAX とバックアップ"),
    ("p", "DAX（DynamoDB Accelerator）はDynamoDB専用のインメモリキャッシュで、読み込みのレイテンシが"
          "ミリ秒からマイクロ秒になる。DynamoDBとAPI互換なので、アプリはDAXクライアントに"
          "差し替えるだけでほぼコードを変えづに使える。クラスターはVPCの中で動く。アイテムキャッシュ"
          "とクエリキャッシュがあって、どちらもデフォルトのTTLは5分。書き込みはDAXを通してテーブルに"
          "書くライトスルー。キャッシュされるのは結果整合性の読み込みだけで、強い整合性の読み込みは"
          "そのままテーブルに流れる。読み込みが多くて同じアイテムを何度も読むアプリ向けで、書き込み"
          "中心のアプリにはあまり効かない。"),
    ("p", "バックアップはオンデマンドバックアップと、ポイントインタイムリカバリ（PITR）。PITRを"
          "有効にすると過去35日以内の任意の秒に戻せる（最近は保持期間を1〜35日で選べるようになった"
          "らしい）。リストアは必ず新しいテーブルとして作られる。グローバルテーブルは複数リージョン"
          "でアクティブ-アクティブのレプリケーションをする機能で、同時に書き込むと最後の書き込みが勝つ。"),
    ("h", "7. Step Functions の基本（Standard と Express）"),
    ("p", "Step Functionsはワークフローをステートマシンとして定義して、LambdaやDynamoDB、SQSなど"
          "を順番や分岐つきで呼び出せるサーバーレスのサービス。定義はJSONのAmazon States Language"
          "で書く（2024年の終わりからJSONataも選べるようになった）。コンソールのWorkflow Stuidoで"
          "ドラッグ＆ドロップでも作れる。"),
    ("p", "ワークフローの種類はStandardとExpressの2つで、作成後に種類は変えられない。Standardは"
          "最長1年実行できて、各ステップがちょうど1回だけ（exactly-once）実行される。実行履歴は"
          "コンソールやAPIで90日間見られる。料金は状態遷移の回数で、1,000遷移あたり0.025ドル。"
          "Expressは最長5分で、秒間10万回以上の開始ができる大量イベント向け。非同期Expressは"
          "at-least-once、同期Expressはat-most-onceの実行で、料金は実行回数と実行時間・メモリで"
          "決まる。Expressの実行履歴はCloudWatch Logsにログを出さないと見られない。"),
    ("p", "Expressではジョブ実行（.sync）とコールバック（.waitForTaskToken）の統合パターンが"
          "使えない。長時間の処理や人の承認を待つような流れはStandardにする。ステート間で"
          "受け渡せるデータは最大256KBで、それより大きいものはS3に置いてパスだけ渡す。Standardの"
          "1実行の履歴イベントは25,000件までなので、ループが長いときは子ワークフローに分ける。"),
    ("h", "8. ステートの種類と統合パターン"),
    ("p", "ステートは8種類。Task（仕事をする）、Choice（条件分岐）、Parallel（複数ブランチを同時に"
          "実行）、Map（配列の要素ごとに同じ処理）、Wait（待つ）、Pass（入力をそのまま、または"
          "固定値を渡す）、Succeed、Fail。Choiceステートは自分でEndにできず、どの条件にも合わない"
          "ときはDefaultに進む。Defaultがないと States.NoChoiceMatched エラーで実行が失敗する。"
          "Waitは秒数（Seconds）か日時（Timestamp）で指定でき、入力から読むSecondsPathもある。"),
    ("p", "Mapステートにはインラインと分散（Distributed）の2モードがある。インラインは入力の配列を"
          "処理して同時実行は最大40くらい（MaxConcurrencyで絞れる）。分散モードはS3のCSVや大量の"
          "オブジェクトを読んで、子ワークフローを最大10,000並列で動かせる。"),
    ("p", "サービス統合のパターンは3つ。リクエストレスポンス（呼んだらすぐ次へ）、ジョブの実行"
          "（.sync、ECSタスクやBatchジョブの完了まで待つ）、タスクトークンでのコールバック待ち"
          "（.waitForTaskToken）。コールバックでは外部の処理がSendTaskSuccessかSendTaskFailureに"
          "トークンを渡して再開させる。長く待つときはHeartbeatSecondsを設定し、外部から"
          "SendTaskHeartbeatを送らないとStates.HeartbeatTimeoutになる。TimeoutSecondsを書かないと"
          "Taskはずっと待ち続けるらしいので、必ず設定しておく。"),
    ("p", "データの流れは、InputPathで入力の一部を選び、Parametersで引数を組み立て、ResultSelector"
          "でタスクの結果を整形し、ResultPathで結果を入力のどこに入れるか決め、OutputPathで次に"
          "渡す部分を選ぶ、という順番。ResultPathをnullにすると結果を捨てて入力をそのまま流せる。"
          "単体のステートの動きはTestState APIでデプロイせずに試せる。"),
    ("h", "9. エラー処理（Retry と Catch）"),
    ("p", "TaskやParallel、MapにはRetryとCatchを書ける。エラーが起きるとまずRetryが評価され、"
          "リトライが尽きたらCatchに進む。Retryのフィールドは、ErrorEquals（対象のエラー名）、"
          "IntervalSeconds（最初の待ち時間、デフォルト1秒）、MaxAttempts（デフォルト3回、0にすると"
          "リトライしない）、BackoffRate（待ち時間の倍率、デフォルト2.0）。MaxDelaySecondsで待ち時間の"
          "上限を、JitterStrategyをFULLにすると待ち時間にばらつきを入れられる。"),
    ("p", "CatchはErrorEqualsとNext（移る先のステート）を書き、ResultPathを\"$.error\"のようにすると"
          "元の入力を残したままエラー情報を足せる。States.ALLはすべてのエラーにマッチするワイルド"
          "カードで、RetryやCatchの中で最後に書かないといけない。よく出る定義済みエラーは"
          "States.Timeout、States.TaskFailed、States.Permissions、States.HeartbeatTimeout。"
          "Lambdaを呼ぶTaskでは、Lambda.ServiceExceptionやLambda.TooManyRequestsExceptionを"
          "リトライに入れておくのが推奨らしい（要確認）。"),
]


def width(text: str) -> int:
    """Display columns: full-width and wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "FW" else 1 for ch in text)


def wrap(text: str, columns: int = LINE_WIDTH) -> list[str]:
    """Fixed-width rows, filled character by character (a word may break across rows)."""
    rows, row = [], ""
    for ch in text:
        if width(row + ch) > columns:
            rows.append(row)
            row = ""
        row += ch
    return rows + ([row] if row else [])


def layout() -> list[tuple[str, str]]:
    """(kind, text) rows: the title, section titles, blank spacers and wrapped body rows."""
    rows: list[tuple[str, str]] = [("t", TITLE), ("b", "")]
    for kind, text in DOC:
        if kind == "h":
            rows += [("b", ""), ("h", text)]
        else:
            rows += [("p", r) for r in wrap(text)]
    return rows


def build(out: Path = OUT) -> Path:
    """Write the PDF (A4, CID fonts, invariant so the bytes do not depend on the clock)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    for font in (BODY_FONT, HEAD_FONT):
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    out.parent.mkdir(parents=True, exist_ok=True)
    page_w, page_h = A4
    left, top, bottom = 50, page_h - 72, 64
    style = {"t": (HEAD_FONT, 15, 24), "h": (HEAD_FONT, 11.5, 18), "p": (BODY_FONT, 9.5, 14),
             "b": (BODY_FONT, 9.5, 7)}
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.setTitle("dynamodb-sfn.ja")
    c.setAuthor("learner")
    page = 1

    def furniture() -> None:
        c.setFont(BODY_FONT, 8)
        c.drawString(left, page_h - 40, HEADER)
        c.line(left, page_h - 46, page_w - left, page_h - 46)
        c.drawCentredString(page_w / 2, 36, f"- {page} -")

    furniture()
    y = top
    for kind, text in layout():
        font, size, lead = style[kind]
        if y - lead < bottom:
            c.showPage()
            page += 1
            furniture()
            y = top
            if kind == "b":
                continue
        y -= lead
        if text:
            c.setFont(font, size)
            c.drawString(left, y, text)
    c.showPage()
    c.save()
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
