"""Build the thirteenth held-out corpus's cheat-sheet PDF (notes/streams-monitoring-iac.ja.pdf).

Why a script: the PDF must look like a learner's printed cheat sheet -- A4 portrait, a page
title across the top, two text columns whose text runs from the left column into the right
one and on to the next page, bold gothic section titles, short bullet lines (a few wrapped
onto a second line) and a footer -- and it must be reproducible byte for byte
(``invariant=1``), so the text lives here and the PDF is regenerated from it.

Run: ``python -m evals.corpora.final13.make_pdf [OUT]`` (needs reportlab, in the ``dev`` extra).
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).parent / "notes" / "streams-monitoring-iac.ja.pdf"
TITLE = "DVA直前チートシート ③　ストリーム・監視・IaC"
FOOTER = "自分用まとめ（転載しないで）　2025/07 版"

# (section title, bullet lines); a line starting with "-" is a sub-point under the bullet above
SECTIONS: list[tuple[str, list[str]]] = [
    ("Kinesis Data Streams（KDS）", [
        "シャード1本: 書き込み 1MB/秒 または 1,000件/秒",
        "読み取りは 1シャード 2MB/秒（全コンシューマで共有）",
        "GetRecords は 1シャードにつき 5回/秒まで",
        "GetRecords 1回で最大 10MB / 10,000レコード",
        "PutRecords は1回500件まで（合計5MB）",
        "レコード1件は最大 1MB（10MiBに上がったらしい 要確認）",
        "保持期間: デフォルト24時間、最大365日まで延ばせる",
        "7日を超える長期保持は追加料金（GB-月）",
        "パーティションキー → MD5ハッシュ → 入るシャード決定",
        "同じキーは同じシャード＝シャード内は順序どおり",
        "シーケンス番号はシャード内で一意、どんどん増える",
        "ホットシャード対策: キーの種類を増やす（ランダムな接尾辞をつける等）",
        "ProvisionedThroughputExceeded → バックオフで再試行",
        "- それでもダメならシャードを増やす",
        "リシャーディング: split（分割）/ merge（結合）",
        "- 親シャードを読み切ってから子シャードへ",
        "キャパシティモード: オンデマンド / プロビジョンド",
        "- オンデマンドは直近30日ピークの2倍まで追従(要確認)",
        "KPL: 集約（aggregation）とバッチで効率UP",
        "- 集約したレコードはKCL側でバラす",
        "IteratorAgeMilliseconds 増加＝読み手が追いつけてない",
        "保存時の暗号化は KMS（サーバー側暗号化）",
    ]),
    ("拡張ファンアウト と KCL", [
        "Enhanced Fan-Out: コンシューマ×シャードごと 2MB/秒",
        "SubscribeToShard で HTTP/2 プッシュ、遅延 約70ms",
        "- 共有スループット（GetRecords）だと約200ms",
        "EFOコンシューマは 1ストリーム 20個まで登録",
        "読み手が多い・低遅延が必要 → EFO（そのぶん高い）",
        "KCL: リース（どのワーカーがどのシャード担当か）をDynamoDBのテーブルで管理",
        "1シャードを同時に読むのは1ワーカーだけ",
        "- インスタンスをシャード数より増やしても遊ぶだけ",
        "チェックポイントも同じテーブル → 再起動後は続きから",
        "そのテーブルが詰まる（スロットリング）とKCLが遅い",
    ]),
    ("Amazon Data Firehose", [
        "旧名 Kinesis Data Firehose（2024年に改名）",
        "ニアリアルタイム: バッファが埋まるか時間が来たら配信",
        "バッファサイズ 1〜128MB、バッファ間隔 0〜900秒",
        "S3宛てのデフォルトは 5MB / 300秒",
        "入口: Direct PUT、KDS、MSK、CloudWatch Logs など",
        "送信先: S3、Redshift（S3経由でCOPY）、OpenSearch、Splunk、HTTPエンドポイント、Snowflake、Iceberg",
        "Lambdaでレコード変換、Parquet / ORC へ変換も",
        "動的パーティショニングでS3のプレフィックスを分ける",
        "データを保持しない → リプレイ不可（KDSとの違い）",
        "配信に失敗したレコードはS3のバックアップへ",
        "シャードの管理なし、自動でスケール",
    ]),
    ("AWS X-Ray の導入", [
        "デーモンは UDP 2000番 で受けてまとめてAPIへ送る",
        "Lambda: アクティブトレースをONにするだけ",
        "- デーモンは要らない（Lambda側で動いてる）",
        "ECS: デーモンをサイドカーコンテナで動かす",
        "Beanstalk: .ebextensions で xray 有効化",
        "EC2 / オンプレ: デーモンを自分で入れる＋IAMロール",
        "API Gateway: ステージの設定でトレースON",
        "権限: AWSXRayDaemonWriteAccess",
        "- PutTraceSegments / PutTelemetryRecords",
        "デーモンの宛先を変える: AWS_XRAY_DAEMON_ADDRESS",
        "SDKがAWS SDK呼び出しやHTTP呼び出しを自動で記録",
    ]),
    ("X-Ray: サンプリングとデータ", [
        "デフォルトのルール: 毎秒最初の1件＋それ以降の5%",
        "- 1件/秒 が reservoir、5% が fixed rate",
        "ルールはコンソールで変更 → 再デプロイ不要",
        "トレース＝1リクエストの端から端まで",
        "セグメント＝サービス単位の記録",
        "サブセグメント＝下流呼び出し等のもっと細かい単位",
        "アノテーション: key-value、インデックスされる",
        "- フィルタ式で検索OK。1トレース50個まで（らしい）",
        "メタデータ: インデックスされない、検索できない",
        "- 値にオブジェクトも入れられる",
        "トレースヘッダー X-Amzn-Trace-Id",
        "- 中身は Root / Parent / Sampled",
        "グループ: フィルタ式でトレースを分けてサービスマップ",
        "サービスマップの色: 4xx=error(黄) 5xx=fault(赤) 429=throttle(紫)",
        "読み出しAPI: GetTraceSummaries → BatchGetTraces",
        "トレースの保存期間は 30日",
        "これからは ADOT（OpenTelemetry）推奨（要確認）",
    ]),
    ("CloudWatch メトリクス", [
        "標準解像度 60秒、高解像度 1秒（StorageResolution=1）",
        "保持: 60秒未満→3時間 / 1分→15日 / 5分→63日",
        "- 1時間 → 455日（15か月）。メトリクスは消せない",
        "EC2 基本モニタリング 5分、詳細モニタリング 1分",
        "メモリ・ディスク使用率は標準で取れない → エージェント",
        "カスタムメトリクスは PutMetricData",
        "- ディメンションは1メトリクスに30個まで",
        "タイムスタンプは2週間前〜2時間先までOK",
        "名前空間を AWS/ で始めることはできない",
        "統計: Average / Sum / Min / Max / SampleCount / p99",
        "Lambda: Invocations / Errors / Throttles / Duration",
        "異常検出（Anomaly Detection）でバンドを自動学習",
    ]),
    ("CloudWatch アラーム", [
        "状態は3つ: OK / ALARM / INSUFFICIENT_DATA",
        "Period × EvaluationPeriods",
        "- M out of N は DatapointsToAlarm で指定",
        "高解像度アラームの期間は 10秒 か 30秒（高い）",
        "アクション: SNS、EC2の停止/終了/再起動/復旧",
        "- ほかに Auto Scaling、Systems Manager",
        "複合アラーム: AND / OR でまとめてノイズ削減",
        "欠落データ: missing / notBreaching / breaching / ignore",
    ]),
    ("CloudWatch Logs", [
        "ロググループ > ログストリーム > ログイベント",
        "保持期間とKMSキーはロググループ単位で設定",
        "保持のデフォルトは「失効しない」、1日〜10年で指定",
        "メトリクスフィルター: ログのパターン→メトリクス",
        "- 作る前のログには遡らない！",
        "サブスクリプションフィルター: KDS / Firehose / Lambda / OpenSearch へリアルタイム転送",
        "サブスクリプションフィルターは1グループに2つまで",
        "別アカウントへ集約: サブスク＋宛先（Destination）",
        "S3エクスポート（CreateExportTask）: 最大12時間",
        "- リアルタイムじゃない。急ぎならサブスク",
        "Logs Insights: fields / filter / stats / sort / limit",
        "Live Tail でリアルタイムにログを追える",
        "EMF（埋め込みメトリクス形式）: JSONログ内にメトリクス",
        "- PutMetricData を同期で呼ばない → 関数が遅くならない",
        "統合エージェント: ログ＋メトリクス両方",
        "- 設定ファイルはSSMパラメータに置ける",
    ]),
    ("CloudWatch その他", [
        "Synthetics: カナリア（Node.js / Python）で外形監視",
        "ServiceLens: X-Ray＋メトリクス＋ログを1画面",
        "- 今は Application Signals に寄ってる",
        "Container Insights / Lambda Insights で詳細メトリクス",
        "Contributor Insights: 上位N件（トップトーカー）分析",
    ]),
    ("AWS SAM", [
        "先頭に Transform: AWS::Serverless-2016-10-31 が必須",
        "リソース: Serverless::Function / Api / HttpApi",
        "- ほかに SimpleTable / LayerVersion / StateMachine",
        "Globals セクション = 関数共通の設定（Runtime等）",
        "sam init → sam build → sam deploy --guided",
        "- 答えは samconfig.toml に保存される",
        "sam validate: テンプレートの検証",
        "sam local invoke: 関数を1回ローカル実行",
        "sam local start-api: ローカルでAPI、Docker必須",
        "sam local generate-event: テスト用イベントJSON",
        "sam sync --watch（SAM Accelerate）",
        "- CFNを通さずコードだけ反映、開発環境用",
        "sam logs でログを tail",
        "sam package ≒ aws cloudformation package",
        "sam pipeline init: CI/CDパイプラインの雛形",
        "ポリシーテンプレート: S3ReadPolicy / DynamoDBCrudPolicy",
        "- SQSPollerPolicy、LambdaInvokePolicy なども",
        "DeploymentPreference: Canary10Percent5Minutes、Linear10PercentEvery1Minute、AllAtOnce",
        "- 裏は CodeDeploy。PreTraffic / PostTraffic フック",
        "- アラームが鳴ったら自動ロールバック",
    ]),
    ("AWS CDK", [
        "TypeScript / JavaScript / Python / Java / C# / Go",
        "構成: App > Stack > Construct",
        "cdk synth: テンプレートを cdk.out に出力",
        "cdk deploy / cdk diff / cdk destroy / cdk ls",
        "cdk bootstrap: アカウント×リージョンごとに1回",
        "- CDKToolkit スタック（S3、ECR、IAMロール）",
        "cdk watch: ホットスワップで開発中すばやく反映",
        "L1: Cfn〜 、CloudFormationリソースと1対1",
        "L2: 意図ベース、デフォルト値＋grantRead()など",
        "L3: パターン（ApplicationLoadBalancedFargateService等）",
        "Aspects: 全コンストラクトに横断処理（タグ、チェック）",
        "RemovalPolicy: S3バケットやテーブルは既定でRETAIN",
        "テスト: assertions の Template.fromStack で検証",
        "SAMと併用: sam local invoke -t cdk.out/〜.template.json",
        "cdk.context.json: ルックアップ結果のキャッシュ、コミットする",
    ]),
]

PAGE_W, PAGE_H = 595.27, 841.89  # A4 portrait
MARGIN = 40.0
GUTTER = 20.0
COL_W = (PAGE_W - 2 * MARGIN - GUTTER) / 2
TOP = PAGE_H - 92.0  # first baseline of the columns
BOTTOM = 64.0
BODY_FONT, BODY_SIZE, LEADING = "HeiseiMin-W3", 8.4, 18.0
HEAD_FONT, HEAD_SIZE = "HeiseiKakuGo-W5", 10.5
INDENT = 10.0  # text after the bullet glyph
SUB_INDENT = 20.0


def _wrap(text: str, width: float, measure) -> list[str]:
    """Break ``text`` into rows no wider than ``width``: at a space when one is near,
    else between any two characters (Japanese has no spaces)."""
    rows: list[str] = []
    while text:
        if measure(text) <= width:
            rows.append(text)
            break
        cut = len(text)
        while cut > 1 and measure(text[:cut]) > width:
            cut -= 1
        space = text.rfind(" ", 0, cut)
        if space > cut - 12 and space > 0:
            cut = space
        rows.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return rows


def _layout(measure) -> list[list[tuple[str, float, str, str]]]:
    """Pages of (kind, x offset, glyph, text) rows, filled column by column."""
    items: list[tuple[str, float, str, str]] = []
    for title, bullets in SECTIONS:
        items.append(("gap", 0.0, "", ""))
        items.append(("head", 0.0, "", title))
        for line in bullets:
            sub = line.startswith("- ")
            text = line[2:] if sub else line
            x = SUB_INDENT if sub else 0.0
            glyph = "-" if sub else "\u2022"
            for i, row in enumerate(_wrap(text, COL_W - x - INDENT, measure)):
                items.append(("body", x, glyph if i == 0 else "", row))
    per_col = int((TOP - BOTTOM) // LEADING) + 1
    columns: list[list[tuple[str, float, str, str]]] = [[]]
    for item in items:
        col = columns[-1]
        if item[0] == "gap" and not col:
            continue
        room = per_col - len(col)
        if item[0] == "head" and room < 3 or room < 1:
            columns.append([])
            col = columns[-1]
            if item[0] == "gap":
                continue
        col.append(item)
    return [columns[i:i + 2] for i in range(0, len(columns), 2)]


def build(out: Path = OUT) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    for name in (BODY_FONT, HEAD_FONT):
        pdfmetrics.registerFont(UnicodeCIDFont(name))

    def measure(s: str) -> float:
        return pdfmetrics.stringWidth(s, BODY_FONT, BODY_SIZE)

    pages = _layout(measure)
    out.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.setTitle("DVA cheat sheet 3")
    c.setAuthor("learner")
    for n, cols in enumerate(pages, 1):
        c.setFont(HEAD_FONT, 15)
        page_title = TITLE if n == 1 else TITLE + "（つづき）"
        c.drawString(MARGIN, PAGE_H - 52, page_title)
        c.setLineWidth(0.8)
        c.line(MARGIN, PAGE_H - 62, PAGE_W - MARGIN, PAGE_H - 62)
        c.setLineWidth(0.3)
        c.line(PAGE_W / 2, TOP + 10, PAGE_W / 2, BOTTOM - 6)
        for k, col in enumerate(cols):
            x0 = MARGIN + k * (COL_W + GUTTER)
            y = TOP
            for kind, dx, glyph, text in col:
                if kind == "head":
                    c.setFont(HEAD_FONT, HEAD_SIZE)
                    c.drawString(x0, y, text)
                elif kind == "body":
                    c.setFont(BODY_FONT, BODY_SIZE)
                    if glyph:
                        c.drawString(x0 + dx, y, f"{glyph} {text}")
                    else:
                        c.drawString(x0 + dx + INDENT, y, text)
                y -= LEADING if kind != "gap" else LEADING * 0.5
        c.setLineWidth(0.4)
        c.line(MARGIN, 48, PAGE_W - MARGIN, 48)
        c.setFont(BODY_FONT, 8)
        c.drawString(MARGIN, 34, FOOTER)
        c.drawRightString(PAGE_W - MARGIN, 34, f"{n} / {len(pages)}")
        c.showPage()
    c.save()
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
