"""Build the eleventh held-out corpus's handout PDF (notes/observability-streaming.mixed.pdf).

Why a script: the PDF must look like a learner's slide-handout export -- bold section titles,
short "•" bullet lines, mostly English with some Japanese lines, a running header and a
page-number footer on every page -- and it must be reproducible byte for byte
(``invariant=1``), so the text lives here and the PDF is regenerated from it.

Run: ``python -m evals.corpora.final11.make_pdf [OUT]`` (needs reportlab, in the ``dev`` extra).
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).parent / "notes" / "observability-streaming.mixed.pdf"
HEADER = "DVA-C02 handout — monitoring, tracing & streams (my notes)"
TITLE_FONT = "HeiseiKakuGo-W5"
BODY_FONT = "HeiseiMin-W3"

# (kind, text): "T" page title, "H" section title, "S" sub-title, "B" bullet, "P" plain line
LINES: list[tuple[str, str]] = [
    ("T", "Observability & Streaming (X-Ray, CloudWatch, Kinesis, AppSync)"),
    ("P", "Handout I made from the course slides + docs. 英語メモ中心、ところどころ日本語。"),
    ("H", "1. AWS X-Ray"),
    ("S", "1.1 Concepts"),
    ("B", "Trace = every segment produced by one request, tied together by one trace ID"),
    ("B", "Segment = the work done by one service (e.g. the Lambda function or the web app)"),
    ("B", "Subsegment = finer detail inside a segment: AWS SDK calls, HTTP calls, SQL queries"),
    ("B", "Downstream services that do not send their own data show up as inferred segments"),
    ("B", "The trace ID travels in the HTTP header X-Amzn-Trace-Id (Root=..., Parent=..., Sampled=...)"),
    ("B", "A segment document can be at most 64 KB; trace data is kept for 30 days"),
    ("B", "トレースマップ（旧サービスマップ）で呼び出し関係とエラー率が一目で見える"),
    ("S", "1.2 Annotations vs metadata"),
    ("B", "Annotations: key/value (string, number, boolean), INDEXED → usable in filter expressions"),
    ("B", "Up to 50 annotations per trace"),
    ("B", "Metadata: any type incl. objects and lists, NOT indexed, cannot be searched"),
    ("B", "フィルターで検索したい値は annotation、ただ残したいだけの値は metadata"),
    ("B", "Example filter: annotation.customer_tier = \"gold\" AND responsetime > 2"),
    ("S", "1.3 Sampling"),
    ("B", "Default rule: the first request each second (reservoir = 1) plus 5% of any extra requests"),
    ("B", "Custom sampling rules in the console: reservoir size, fixed rate, match on service / URL / "
          "method"),
    ("B", "Rules are fetched by the SDK / daemon, so you change them without redeploying"),
    ("B", "サンプリングを100%にするとコストが跳ね上がるので注意"),
    ("S", "1.4 Daemon and setup"),
    ("B", "The SDK does not call the X-Ray API itself: it sends segments over UDP to the daemon"),
    ("B", "The daemon listens on UDP port 2000 and uploads segments in batches"),
    ("B", "Point the SDK elsewhere with the env var AWS_XRAY_DAEMON_ADDRESS"),
    ("B", "IAM for the daemon: xray:PutTraceSegments + xray:PutTelemetryRecords (managed policy "
          "AWSXRayDaemonWriteAccess)"),
    ("B", "Lambda: turn on Active tracing, the daemon is run for you (no install)"),
    ("B", "ECS: run the daemon as a sidecar container; EC2: install it with user data"),
    ("B", "API Gateway REST APIs can enable tracing per stage"),
    ("B", "Read traces with GetTraceSummaries (IDs + annotations) then BatchGetTraces (full traces)"),
    ("B", "X-Ray SDKs are moving to maintenance, AWS pushes ADOT (AWS Distro for OpenTelemetry) instead "
          "(to check the date)"),
    ("B", "Groups = saved filter expressions, each with its own trace map and CloudWatch metrics"),
    ("B", "X-Ray Insights watches fault rates and opens an insight when something looks abnormal"),
    ("B", "Segments can also be sent straight to the API with PutTraceSegments (no daemon)"),
    ("H", "2. Amazon CloudWatch — metrics"),
    ("B", "Namespace (AWS/EC2, or your own) + metric name + up to 30 dimensions"),
    ("B", "Standard resolution = 1 minute granularity; high resolution custom metrics down to 1 second"),
    ("B", "Alarms on high-resolution metrics can use a 10 s or 30 s period (more expensive)"),
    ("B", "EC2 basic monitoring sends every 5 min for free; detailed monitoring every 1 min (paid)"),
    ("B", "Memory and disk usage of EC2 are NOT default metrics → install the CloudWatch agent"),
    ("B", "Custom metrics via PutMetricData; StorageResolution=1 makes it high resolution"),
    ("B", "Data points can be sent up to two weeks in the past and two hours in the future"),
    ("B", "Statistics: SampleCount, Sum, Average, Minimum, Maximum and percentiles like p99"),
    ("B", "GetMetricData reads many metrics in one call (preferred over GetMetricStatistics)"),
    ("B", "Metric streams push metrics continuously to Firehose (e.g. for a 3rd party tool)"),
    ("P", "データ保持期間（粒度ごとに自動でまとめられる）:"),
    ("B", "under 60 s data (high-res): 3 hours"),
    ("B", "1-minute data: 15 days"),
    ("B", "5-minute data: 63 days"),
    ("B", "1-hour data: 455 days (15 months)"),
    ("H", "3. CloudWatch alarms"),
    ("B", "States: OK, ALARM, INSUFFICIENT_DATA"),
    ("B", "Period × evaluation periods; \"datapoints to alarm\" gives M out of N alarms"),
    ("B", "Missing data can be treated as missing, notBreaching, breaching or ignore"),
    ("B", "Actions: send to an SNS topic, EC2 actions (stop / terminate / reboot / recover), Auto Scaling"),
    ("B", "Composite alarm = a rule over other alarms (AND / OR / NOT), cuts down alarm noise"),
    ("B", "アラームのテストは set-alarm-state で状態を手動で変えられる"),
    ("B", "Alarms can also watch a metric math expression or a Logs Insights query result (to check)"),
    ("B", "Anomaly detection alarm: a band learned from the metric's history instead of a fixed threshold"),
    ("B", "Synthetics canaries run scripts on a schedule to check an endpoint or a UI flow"),
    ("H", "4. CloudWatch Logs"),
    ("B", "Log group (usually one per app / function) → log streams (one per instance / container)"),
    ("B", "Retention: default is never expire; choose from 1 day up to 10 years"),
    ("B", "Lambda writes to /aws/lambda/<function-name> if its role allows logs:PutLogEvents"),
    ("B", "Log group data can be encrypted with a KMS key (associate-kms-key)"),
    ("B", "Export to S3 with CreateExportTask — can take up to 12 hours, not real time"),
    ("B", "Near real time → subscription filter to Kinesis Data Streams, Firehose or Lambda"),
    ("B", "Max 2 subscription filters per log group"),
    ("B", "ロググループを跨いでまとめたいときはクロスアカウントのサブスクリプションも可能"),
    ("B", "Live Tail streams new log events to the console as they arrive"),
    ("B", "Two log classes: Standard and Infrequent Access (cheaper ingestion, fewer features)"),
    ("S", "4.1 Metric filters"),
    ("B", "Turn log text into a metric, e.g. count lines containing ERROR"),
    ("B", "Only apply to events that arrive after the filter is created, NOT retroactive"),
    ("B", "過去のログには効かない！（試験で出やすいらしい）"),
    ("B", "You can set a default value so the metric reports 0 when nothing matched"),
    ("S", "4.2 Logs Insights"),
    ("B", "Query language with commands fields / filter / stats / sort / limit / parse"),
    ("B", "fields @timestamp, @message | filter @message like /ERROR/ | sort @timestamp desc | limit 20"),
    ("B", "stats count(*) by bin(5m) to count per 5 minute bucket"),
    ("B", "A query times out after 60 minutes; results kept for 7 days"),
    ("B", "Up to 50 log groups in one query (maybe more now, to check)"),
    ("B", "料金はスキャンしたデータ量（GB）で決まる"),
    ("S", "4.3 Embedded Metric Format (EMF)"),
    ("B", "Write a structured JSON log line with an _aws key describing the metrics"),
    ("B", "CloudWatch extracts the metrics from the logs asynchronously, no PutMetricData call"),
    ("B", "Good fit for Lambda: no latency added to the function, no extra API throttling"),
    ("B", "Lambda Powertools の Metrics ユーティリティが EMF を書いてくれる"),
    ("H", "5. Kinesis Data Streams"),
    ("S", "5.1 Shards and throughput"),
    ("B", "A stream is made of shards; each shard is the unit of capacity"),
    ("B", "Write per shard: 1 MB/s OR 1,000 records/s (whichever comes first)"),
    ("B", "Read per shard (shared mode): 2 MB/s shared by ALL consumers, 5 GetRecords calls per second"),
    ("B", "GetRecords returns up to 10 MB or 10,000 records per call"),
    ("B", "PutRecords accepts up to 500 records in one request"),
    ("B", "Max record size 1 MB (data blob before base64) — I think this was raised in 2025 (to check)"),
    ("B", "Over the limit → ProvisionedThroughputExceededException: retry with backoff, spread keys, add "
          "shards"),
    ("B", "Kinesis Data Streams はリージョン内の3つのAZにデータを同期的に複製する"),
    ("S", "5.2 Partition keys and ordering"),
    ("B", "The partition key is MD5-hashed and the hash picks the shard"),
    ("B", "Order is guaranteed only inside a shard (per partition key), via the sequence number"),
    ("B", "One very popular key → hot shard. Use a key with many distinct values (user ID etc.)"),
    ("B", "同じキーのレコードは必ず同じシャードに入る → 順序を保ちたい単位をキーにする"),
    ("S", "5.3 Retention"),
    ("B", "Default retention 24 hours"),
    ("B", "Extended retention up to 7 days (168 h), long-term retention up to 365 days — extra cost"),
    ("B", "Data cannot be deleted by hand, it only expires; consumers can re-read (replay) within retention"),
    ("B", "Shard iterator types: TRIM_HORIZON (oldest), LATEST, AT_SEQUENCE_NUMBER, AT_TIMESTAMP"),
    ("B", "Producer retries can write a record twice → consumers should be idempotent"),
    ("S", "5.4 Capacity modes"),
    ("B", "Provisioned: you pick the shard count, pay per shard-hour"),
    ("B", "On-demand: no shards to manage, starts at 4 MB/s write and scales with traffic"),
    ("B", "On-demand mode can be switched with provisioned twice per 24 hours"),
    ("B", "Resharding: split a hot shard, merge two cold adjacent shards (UpdateShardCount for uniform "
          "scaling)"),
    ("S", "5.5 Consumers"),
    ("B", "Shared (classic) fan-out: consumers pull with GetRecords and split the 2 MB/s of the shard"),
    ("B", "Enhanced fan-out: each registered consumer gets its own 2 MB/s per shard"),
    ("B", "EFO pushes data over HTTP/2 with SubscribeToShard, latency about 70 ms vs ~200 ms"),
    ("B", "Up to 20 enhanced fan-out consumers per stream; costs extra per consumer-shard hour"),
    ("B", "KCL: one record processor per shard, checkpoints kept in a lease table; after a split it "
          "finishes the parent shard first"),
    ("B", "KCL のワーカー数はシャード数より多くしても意味がない（余ったワーカーは遊ぶ）"),
    ("B", "Lambda as a consumer: batch size, batch window, parallelization factor up to 10 per shard"),
    ("B", "Lambda on an error retries the batch until success or expiry; use bisect on error + max retry "
          "attempts + on-failure destination"),
    ("B", "KPL batches and aggregates small records for higher throughput (adds some delay)"),
    ("B", "Server-side encryption with a KMS key can be turned on per stream"),
    ("P", "Data Streams vs Firehose: Firehose はシャード管理なしで S3 などに配送するだけ。"
          "自前の consumer を書くなら Data Streams"),
    ("H", "6. AppSync / Amplify (basics only)"),
    ("S", "6.1 AWS AppSync"),
    ("B", "Managed GraphQL API service (queries, mutations, subscriptions); also Events API for pub/sub"),
    ("B", "Schema → resolvers connect each field to a data source"),
    ("B", "Data sources: Lambda, HTTP endpoints, OpenSearch, EventBridge, and NONE (local resolver)"),
    ("B", "Resolvers in JavaScript (APPSYNC_JS runtime) or VTL mapping templates"),
    ("B", "Unit resolver = one data source; pipeline resolver = a sequence of functions"),
    ("B", "Real-time: subscriptions are delivered to clients over WebSockets"),
    ("B", "Auth modes: API key, IAM, Cognito user pools, OpenID Connect, Lambda — several can be combined"),
    ("B", "API keys expire: 7 days by default, can be set up to 365 days"),
    ("B", "Server-side caching of resolver results is optional (per resolver or full request)"),
    ("B", "Merged APIs で複数チームのスキーマをひとつにまとめられる"),
    ("B", "Offline / conflict detection is handled by versioned data sources (to check, not on the exam I "
          "think)"),
    ("S", "6.2 AWS Amplify"),
    ("B", "Amplify Hosting: CI/CD + hosting for front-end / SSR apps, connect a Git branch and every push "
          "deploys"),
    ("B", "Branch previews for pull requets, custom domains with free certificates"),
    ("B", "Amplify Gen 2: backend defined in TypeScript files, built on CDK under the hood"),
    ("B", "npx ampx sandbox gives each developer a personal cloud sandbox"),
    ("B", "Gen 1 used the Amplify CLI (amplify init / amplify add api / amplify push)"),
    ("B", "Amplify libraries (JS, Swift, Android, Flutter) talk to the backend from the client"),
    ("B", "Gen 2 の data 機能は裏で AppSync の GraphQL API を作るらしい"),
    ("H", "7. よく出るトラブル（自分用）"),
    ("B", "X-Ray にトレースが出ない → デーモンが動いているか、UDP 2000 が開いているか、IAM 権限を確認"),
    ("B", "Lambda のトレースが出ない → Active tracing がオフ、または実行ロールに X-Ray の書き込み権限なし"),
    ("B", "メトリクスフィルターを作ったのにグラフが空 → 作成前のログは対象外"),
    ("B", "Kinesis の ProvisionedThroughputExceeded → パーティションキーの偏りを疑う"),
    ("B", "Consumer が増えて読み込みが遅い → 拡張ファンアウトに切り替える"),
    ("B", "CloudWatch にメモリ使用率が無い → エージェントが入っていない"),
    ("B", "アラームが INSUFFICIENT_DATA のまま → メトリクスが届いていない、期間の設定ミス"),
    ("P", "TODO: sampling rule の優先度（priority）の数字の意味を確認する"),
]

LEFT, RIGHT, TOP, BOTTOM = 56.0, 539.0, 780.0, 64.0
SIZES = {"T": 15.0, "H": 12.5, "S": 11.5, "B": 9.5, "P": 9.5}
LEAD = {"T": 26.0, "H": 21.0, "S": 19.0, "B": 13.2, "P": 13.2}


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy wrap at spaces, or between characters for Japanese runs."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    rows: list[str] = []
    row = ""
    for ch in text:
        if stringWidth(row + ch, font, size) <= width:
            row += ch
            continue
        cut = row.rfind(" ")
        if ch != " " and cut > len(row) // 2 and row[-1].isascii():
            rows.append(row[:cut])
            row = row[cut + 1:] + ch
        else:
            rows.append(row.rstrip())
            row = ch.lstrip()
    rows.append(row)
    return rows


def build(out: Path = OUT) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    for name in (TITLE_FONT, BODY_FONT):
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    out.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.setTitle("observability-streaming")
    c.setAuthor("learner")
    page = 0
    y = 0.0

    def new_page() -> float:
        nonlocal page
        if page:
            c.showPage()
        page += 1
        c.setFont(BODY_FONT, 8)
        c.drawString(LEFT, 810, HEADER)
        c.line(LEFT, 804, RIGHT, 804)
        c.drawCentredString((LEFT + RIGHT) / 2, 36, f"- {page} -")
        return TOP

    y = new_page()
    for kind, text in LINES:
        font = TITLE_FONT if kind in "THS" else BODY_FONT
        size = SIZES[kind]
        indent = 14.0 if kind == "B" else 0.0
        rows = _wrap(text, font, size, RIGHT - LEFT - indent - 8)
        need = LEAD[kind] * len(rows) + (LEAD["B"] * 2 if kind in "HS" else 0)
        if y - need < BOTTOM:
            y = new_page()
        if kind in "HSP":  # a little air above titles and plain lines, as on the slides
            y -= 6
        for i, row in enumerate(rows):
            c.setFont(font, size)
            if kind == "B" and i == 0:
                c.drawString(LEFT + 4, y, "• " + row)
            else:
                c.drawString(LEFT + indent, y, row)
            y -= LEAD[kind]
    c.showPage()
    c.save()
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
