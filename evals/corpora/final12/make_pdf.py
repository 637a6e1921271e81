"""Build the twelfth held-out corpus's slide deck (notes/deploy-cicd-slides.ja.pdf).

Why a script: the PDF must look like a learner's exported slide deck -- landscape pages, one
slide per page, a large unnumbered title, bullet lines set by indentation only (no glyphs),
one two-column comparison table drawn as text, and a footer with the deck name and slide
number -- and it must be reproducible byte for byte (``invariant=1``), so the text lives here.

Run: ``python -m evals.corpora.final12.make_pdf [OUT]`` (needs reportlab, in the ``dev`` extra).
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).parent / "notes" / "deploy-cicd-slides.ja.pdf"
DECK = "DVA-C02 デプロイ・CI/CD まとめ（自分用）"
TITLE_FONT, BODY_FONT = "HeiseiKakuGo-W5", "HeiseiMin-W3"
TITLE_SIZE, BODY_SIZE, FOOTER_SIZE = 24, 12.5, 9
LEADING = 18.5
INDENT = 26  # points per level; a level is two leading spaces in the text below

# (title, lines); a line's leading spaces give its indentation level
SLIDES: list[tuple[str, list[str]]] = [
    ("CodeBuild と buildspec", [
        "フルマネージドのビルドサービス、ビルド用サーバーを自分で持たなくていい",
        "  ビルドのたびに新しいコンテナが立ち上がり、終わったら捨てられる",
        "  料金はビルドにかかった時間の分単位（コンピュートタイプごとに単価が違う）",
        "buildspec.yml はソースのルートに置くのが基本（別の名前や場所も指定できる）",
        "  今使うのは version: 0.2",
        "  phases は install / pre_build / build / post_build の4段階",
        "  install の runtime-versions で言語ランタイムのバージョンを決める",
        "  build が失敗しても post_build は実行されるらしい（要確認）",
        "環境変数",
        "  env の variables は平文なのでパスワードは書かない",
        "  env の parameter-store でSSMパラメータ、secrets-manager でシークレットを読み込む",
        "  ビルドのサービスロールに ssm:GetParameters などの権限を付けておく",
        "artifacts で出力するファイルを指定 → S3 バケットに zip でアップロードされる",
        "  discard-paths: yes にするとフォルダ構成を無視してフラットに置く",
        "cache はS3キャッシュかローカルキャッシュ",
        "  node_modules や ~/.m2 の依存をキャッシュするとビルド時間がかなり縮む",
        "reports でテスト結果（JUnit XML など）をレポートグループに送れる",
        "ビルドのタイムアウトは 5分〜36時間、デフォルトは 60分",
        "VPC内のリソース（プライベートなDBとか）を使うならプロジェクトにVPC設定が必要",
        "ログは CloudWatch Logs と S3 に出せる、失敗したらまずここを見る",
        "手元で buildspec を試すなら CodeBuild のローカルエージェント（Docker）",
    ]),
    ("CodeDeploy の appspec とフック", [
        "デプロイの手順は appspec ファイルに書く",
        "  EC2/オンプレミスは appspec.yml（YAML のみ）、Lambda と ECS は YAML か JSON",
        "EC2 / オンプレミス",
        "  各インスタンスに CodeDeploy エージェントを入れて動かしておく",
        "  appspec.yml はリビジョン（zip など）のルートに置く",
        "  files でコピー元とコピー先、hooks で各イベントに実行するスクリプトを指定",
        "  イベントの流れ",
        "    ApplicationStop → DownloadBundle → BeforeInstall → Install",
        "    → AfterInstall → ApplicationStart → ValidateService",
        "  DownloadBundle と Install はエージェントの仕事なのでスクリプトは付けられない",
        "  ロードバランサー配下なら BeforeBlockTraffic / AfterAllowTraffic なども前後に入る",
        "  フックのスクリプトの timeout を超えるとデプロイは失敗（最大3600秒）",
        "Lambda",
        "  hooks は BeforeAllowTraffic と AfterAllowTraffic の2つだけ",
        "  フックで動くのは検証用の Lambda 関数（結果を PutLifecycleEventHookExecutionStatus で返す）",
        "  エイリアスの向き先を新しいバージョンへ少しずつずらす",
        "ECS",
        "  hooks は BeforeInstall / AfterInstall / AfterAllowTestTraffic /",
        "    BeforeAllowTraffic / AfterAllowTraffic の5つ",
        "  CodeDeploy で ECS をデプロイするときはブルー/グリーン一択",
        "  テスト用リスナーに新しいタスクセットをつないで、本番前に確認できる",
    ]),
    ("CodeDeploy のデプロイ設定とロールバック", [
        "EC2 / オンプレミスの定義済み設定",
        "  CodeDeployDefault.AllAtOnce / HalfAtATime / OneAtATime",
        "  正常なホストの最小数（minimum healthy hosts）を割るとデプロイ失敗",
        "  In-place とブルー/グリーンのどちらも選べる",
        "Lambda と ECS の定義済み設定",
        "  Canary10Percent5Minutes：まず10%、5分後に残りの90%を一気に",
        "  Linear10PercentEvery1Minute：1分ごとに10%ずつ増やす",
        "  AllAtOnce：全トラフィックを一度に新しい方へ",
        "  ECS 用は CodeDeployDefault.ECSCanary10Percent5Minutes のように ECS が入る",
        "  Lambda と ECS に In-place はない（トラフィック移行のブルー/グリーンだけ）",
        "デプロイグループ：タグや Auto Scaling グループでデプロイ先を選ぶ単位",
        "ロールバッグ（自動）",
        "  デプロイが失敗したとき、または CloudWatch アラームがしきい値を超えたとき",
        "  前のリビジョンを「新しいデプロイ」として入れ直す → デプロイIDは新しくなる",
        "  元のデプロイをそのまま巻き戻すわけではない",
        "ブルー/グリーン（EC2）",
        "  新しいインスタンス群を用意 → ロードバランサーの向き先を切り替え",
        "  元のインスタンスを終了するまでの待ち時間を指定できる（デフォルト1時間、最大2日らしい）",
        "トラブル時のメモ",
        "  エージェントが動いてない・インスタンスプロファイルにS3読み取り権限がない、が定番",
        "  ログはインスタンスの /opt/codedeploy-agent/deployment-root/ の下",
    ]),
    ("CodePipeline", [
        "ソース → ビルド → テスト → デプロイ をステージでつないだワークフロー",
        "  パイプラインにはステージが最低2つ、最初のステージはソース",
        "  ステージの中にアクションを並べる、runOrder が同じなら並列で動く",
        "アクションの種類は Source / Build / Test / Deploy / Approval / Invoke の6つ",
        "アーティファクトの扱い",
        "  アクション間の受け渡しは入力アーティファクトと出力アーティファクト",
        "  実体はアーティファクトストア（S3バケット）に置かれる zip",
        "  バケットはリージョンごとに1つ、別リージョンのアクションがあればそのリージョンにも必要",
        "  KMS で暗号化される（デフォルトは AWS マネージドキー）",
        "手動承認アクション",
        "  承認されないまま 7日たつと失敗扱いになる",
        "  SNS トピックに通知を送れる、レビュー用のURLも付けられる",
        "  承認する人には codepipeline:PutApprovalResult の権限が必要",
        "ソースの変更検知",
        "  CodeCommit や S3 は EventBridge のルールで検知するのが推奨（定期ポーリングは古い方式）",
        "  GitHub / Bitbucket は CodeConnections（旧 CodeStar Connections）経由",
        "パイプラインやアクションの状態変化は EventBridge のイベントで受け取れる",
        "V2 タイプだとトリガーにブランチやタグのフィルターを付けられる、パイプライン変数も使える",
        "失敗したステージは「再試行」でそのステージの失敗アクションからやり直せる",
        "クロスアカウントのデプロイはアーティファクトバケットの KMS キーを相手にも許可する",
    ]),
    ("Elastic Beanstlak", [
        "コードを上げるだけで EC2、ロードバランサー、Auto Scaling などをまとめて作ってくれる PaaS",
        "  裏では CloudFormation のスタックが作られている",
        "  構成：アプリ本体 → そのバージョン（アプリケーションバージョン）→ 環境",
        "環境の種類はウェブサーバー環境とワーカー環境",
        "  ワーカー環境は SQS キューを使い、sqsd デーモンがメッセージをアプリに HTTP POST で渡す",
        "  定期実行のタスクは cron.yaml に書く（ワーカー環境だけ）",
        "デプロイポリシー",
        "  All at once：一番速いけど一時的にサービスが止まる",
        "  Rolling：バッチごとに更新、その間は処理できる台数が減る",
        "  Rolling with additional batch：追加のバッチを先に立てるので台数が減らない",
        "  Immutable：新しい ASG に新インスタンスを立ててから入れ替え、失敗時の戻しが一番安全",
        "  Traffic splitting：一部のリクエストだけ新バージョンに流すカナリアテスト",
        "  Blue/Green は EB の機能ではなく、環境を2つ作って URL をスワップ（CNAME swap）する",
        "設定ファイル",
        "  ソースの .ebextensions/ フォルダに拡張子 .config のファイル（YAML か JSON）を置く",
        "  option_settings で環境の設定、resources で追加の AWS リソース",
        "  Amazon Linux 2 以降のプラットフォームは .platform/ のフックや nginx 設定も使える",
        "環境の中にデータベースを作ると、環境を消したときに一緒に消える → 本番は環境の外で作る",
        "アプリケーションバージョンは 1000 個までなので、ライフサイクルポリシーで古いものを消す",
        "eb cli：eb init → eb create → eb deploy の流れ",
    ]),
    ("CloudFormation の基本と組み込み関数", [
        "テンプレートは YAML か JSON、必須のセクションは Resources だけ",
        "  ほかに Parameters / Mappings / Conditions / Outputs / Transform など",
        "組み込み関数",
        "  Ref：パラメータならその値、リソースなら物理ID（関数名やバケット名など）を返す",
        "  Fn::GetAtt：リソースの属性（Arn など）を取り出す",
        "  Fn::Sub：文字列の中に ${変数} を埋め込む",
        "  Fn::Join / Fn::Split / Fn::Select：文字列や配列の操作",
        "  Fn::FindInMap：Mappings から値を引く（リージョンごとの AMI ID が定番）",
        "  Fn::ImportValue：ほかのスタックがエクスポートした値を使う",
        "  Fn::If / Fn::Equals / Fn::And などは Conditions と組み合わせる",
        "疑似パラメータ：AWS::Region、AWS::AccountId、AWS::StackName など",
        "Outputs と Export",
        "  Export の名前はアカウントのリージョン内で一意でないといけない",
        "  どこかのスタックが ImportValue で使っていると、エクスポート元のスタックは削除できない",
        "  使われている間はエクスポートの値を変更することもできない",
        "ネストされたスタック：AWS::CloudFormation::Stack で共通部品のテンプレートを再利用",
        "  クロススタック参照（Export/Import）との違いは、ライフサイクルが親と一緒かどうか",
        "テンプレートの上限：直接渡すなら 51,200 バイト、S3 に置けば 1MB まで",
        "パラメータの型に AWS::SSM::Parameter::Value<String> を使うと SSM の値を読める",
        "cfn-lint でテンプレートを事前チェックできる",
    ]),
    ("CloudFormation の運用", [
        "変更セット（Change Set）",
        "  更新の前に、何が追加・変更・削除されるかを一覧で確認できる",
        "  実行（Execute）するまでスタックには何も反映されない",
        "  Replacement が True のリソースは物理的に作り直される（IDが変わる）",
        "スタックポリシー",
        "  スタックの更新から特定のリソースを守る JSON のポリシー",
        "  一度設定すると、明示的に Allow しない限り全リソースの更新が拒否される",
        "  スタックの削除は防げない → 削除を防ぐのは終了保護（termination protection）",
        "DeletionPolicy 属性",
        "  Retain：スタックを消してもリソースは残す",
        "  Snapshot：スナップショットを取ってから削除（EBS ボリュームやDBなど対応リソースのみ）",
        "  Delete：デフォルト（一部のDBクラスターだけデフォルトが Snapshot らしい）",
        "  UpdateReplacePolicy は更新で置き換えになったときの古いリソースの扱いを決める",
        "ロールバック",
        "  作成に失敗したら全部ロールバック、--disable-rollback を付けると残して調べられる",
        "  UPDATE_ROLLBACK_FAILED で止まったら ContinueUpdateRollback で先に進める",
        "ドリフト検出：コンソールなどで手作業で変えられたリソースを見つける",
        "StackSets：複数のアカウントとリージョンに同じテンプレートをまとめて配る",
        "カスタムリソース：Lambda を呼んで、CloudFormation が対応していない処理をさせる",
        "EC2 の初期化完了を待つなら cfn-init と cfn-signal、CreationPolicy を組み合わせる",
    ]),
    ("ECS と Fargate", [
        "クラスター → サービス → タスク という関係",
        "  タスク定義：イメージ、CPU とメモリ、ポート、環境変数、ログ設定などの設計図",
        "  タスク定義はリビジョンで管理、書き換えると新しいリビジョンが増える",
        "  サービスは指定した数のタスクを動かし続け、ロードバランサーにも登録する",
        "起動タイプ",
        "  EC2：コンテナ用のインスタンスを自分で管理、ECS エージェントが動いている",
        "  Fargate：サーバー管理なし、タスクごとに CPU とメモリを選ぶ",
        "  Fargate のネットワークモードは awsvpc だけ、タスクごとに ENI が付く",
        "  Fargate のエフェメラルストレージはデフォルト 20GiB、最大 200GiB まで増やせる",
        "タスク配置（EC2 起動タイプのみ）",
        "  配置戦略：binpack（詰め込み）/ spread（分散）/ random",
        "  配置制約：distinctInstance / memberOf",
        "ネットワークモードは awsvpc / bridge / host / none の4つ",
        "  bridge でホストポートを 0 にすると動的ポートマッピング、1台に同じタスクを複数置ける",
        "ログは awslogs ログドライバーで CloudWatch Logs に送る",
        "デプロイ",
        "  ローリング更新は minimumHealthyPercent と maximumPercent で入れ替えの幅を決める",
        "  ブルー/グリーンにしたいときは CodeDeploy と組み合わせる",
        "ECS Exec でコンテナの中にシェルで入れる（Fargate でもOK）",
        "サービスの Auto Scaling はターゲット追跡で CPU 使用率などを目標値に保つ",
    ]),
    ("タスクロールとタスク実行ロールの違い", [
        "TABLE",
        "覚え方：実行ロールは ECS がタスクを動かすための権限、タスクロールはアプリ自身の権限",
        "アプリが AccessDenied → まずタスクロールを疑う",
        "CannotPullContainerError → 実行ロールか、ネットワーク（NAT や VPC エンドポイント）を疑う",
        "EC2 起動タイプでは、これとは別にコンテナインスタンス用のインスタンスロールもある",
        "アクセスキーをイメージや環境変数に入れるのはNG、必ずロールで渡す",
    ]),
]

# the comparison slide's table: label column, then the two things compared
TABLE: list[tuple[str, str, str]] = [
    ("", "タスクロール", "タスク実行ロール"),
    ("使う人", "コンテナの中のアプリ", "ECS エージェント / Fargate の基盤"),
    ("主な用途", "アプリから S3 や DynamoDB を呼ぶ", "イメージの pull とログの送信"),
    ("権限の例", "dynamodb:PutItem、s3:GetObject", "ecr:GetAuthorizationToken、logs:PutLogEvents"),
    ("シークレット", "関係なし", "Secrets Manager / SSM から取って環境変数に注入"),
    ("タスク定義の項目", "taskRoleArn", "executionRoleArn"),
    ("信頼ポリシー", "ecs-tasks.amazonaws.com", "ecs-tasks.amazonaws.com（同じ）"),
    ("なくても動く？", "AWS API を呼ばないなら不要", "Fargate ではほぼ必須"),
]


def build(out: Path = OUT) -> Path:
    """Write the deck: one landscape A4 page per slide."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    for font in (TITLE_FONT, BODY_FONT):
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = landscape(A4)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(out), pagesize=(width, height), invariant=1)
    pdf.setTitle(DECK)
    pdf.setAuthor("learner")
    left, usable = 54, width - 108
    for number, (title, lines) in enumerate(SLIDES, 1):
        pdf.setFont(TITLE_FONT, TITLE_SIZE)
        pdf.drawString(left, height - 70, title)
        y = height - 118
        for line in lines:
            if line == "TABLE":
                y = _table(pdf, left, y) - 10
                continue
            level = (len(line) - len(line.lstrip(" "))) // 2
            text = line.strip()
            x = left + INDENT * level
            if pdfmetrics.stringWidth(text, BODY_FONT, BODY_SIZE) > usable - (x - left):
                raise ValueError(f"line too wide for the slide: {text}")
            pdf.setFont(BODY_FONT, BODY_SIZE)
            pdf.drawString(x, y, text)
            y -= LEADING
        if y < 50:
            raise ValueError(f"slide {number} overflows")
        pdf.setFont(BODY_FONT, FOOTER_SIZE)
        pdf.drawString(left, 26, DECK)
        pdf.drawRightString(width - left, 26, str(number))
        pdf.showPage()
    pdf.save()
    return out


def _table(pdf, left: float, y: float) -> float:
    """The two-column comparison, drawn as text with thin rules; returns the next free y."""
    cols = (left, left + 150, left + 420)
    row_height = 27
    for i, row in enumerate(TABLE):
        font = "HeiseiKakuGo-W5" if i == 0 else BODY_FONT
        for x, cell in zip(cols, row, strict=True):
            pdf.setFont(font if x != left else "HeiseiKakuGo-W5", BODY_SIZE)
            pdf.drawString(x, y, cell)
        pdf.setLineWidth(0.4)
        pdf.line(left, y - 9, left + 734, y - 9)
        y -= row_height
    return y


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
