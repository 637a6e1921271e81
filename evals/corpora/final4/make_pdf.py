"""Build the fourth held-out corpus's prose PDF (notes/security-config.ja.pdf).

Why a script: the PDF must look like a real learner's export -- Japanese prose with no
headings, paragraphs wrapped into fixed-width layout lines that break mid-word, two or more
pages, and a running header and footer -- and it must be reproducible byte for byte
(``invariant=1``), so the text lives here and the PDF is regenerated from it.

Run: ``python -m evals.corpora.final4.make_pdf [OUT]`` (needs reportlab, in the ``dev`` extra).
"""

from __future__ import annotations

import sys
from pathlib import Path

from evals.corpora import make_gen_pdf

OUT = Path(__file__).parent / "notes" / "security-config.ja.pdf"
HEADER = "DVA-C02 勉強ノート セキュリティと設定値の管理"
LINE_WIDTH = 72  # display columns per layout line (full-width = 2)

PARAGRAPHS = [
    "AWS KMSは暗号鍵を作って管理するサービスで、鍵（KMSキー、昔の呼び方はCMK）はリージョン単位の"
    "リソースになる。鍵の素材はKMSのHSMの中から外に出ることはなく、利用者はAPIを呼んで暗号化や復号を"
    "頼むだけ。キーには三種類あって、AWS所有キーは利用者からは見えずAWSが内部で使うもの、AWSマネージド"
    "キーはaws/s3やaws/lambdaのような名前でサービスが自動で作るもの（ポリシーの編集はできない）、"
    "カスタマーマネージドキーは自分で作ってキーポリシーもローテーションも自分で決めるもので、"
    "1個あたり毎月1ドルかかる。",

    "KMSのEncrypt APIに直接渡せるデータは4KBまでしかない。それより大きいファイルなどはエンベロープ"
    "暗号化で扱う。まずGenerateDataKeyを呼ぶと、平文のデータキーと、KMSキーで暗号化されたデータキーの"
    "二つが返ってくる。平文のデータキーを使って手元でデータを暗号化し（AES-256など）、使い終わった平文"
    "キーはすぐにメモリから消す。暗号化されたデータキーは暗号文と一緒に保存しておく。復号するときは"
    "暗号化されたデータキーをDecrypt APIに送って平文のキーを取り戻し、それでデータを復号する。すぐには"
    "使わないならGenerateDataKeyWithoutPlaintextで暗号化済みのキーだけもらうこともできる。"
    "この手順を自分で書かなくても、AWS Encryption SDKがエンベロープ暗号化を丸ごとやってくれる。",

    "KMSのAPIには一秒あたりの呼び出し数のクォータがあって、アカウント内で共有されている。超えると"
    "ThrottlingExceptionになるので、指数バックオフでリトライするか、Encrytion SDKのデータキーキャッシュで"
    "KMSへの呼び出しを減らす。S3でSSE-KMSを使って大量のオブジェクトを読み書きするときにもこの上限に"
    "当たることがあるので、S3バケットキーを有効にしてKMSへのリクエストを減らすのが定番の対策らしい。",

    "キーのローテーションについて。AWSマネージドキーは毎年自動でローテーションされ、利用者は止められない。"
    "カスタマーマネージドキーの自動ローテーションは任意で、有効にするとデフォルトでは一年ごと（今は"
    "ローテーション間隔を90日から2560日の範囲で指定できるようになったはず、要確認）。ローテーション"
    "してもキーIDやARNは変わらないし、古い鍵素材も残るので、前に暗号化したデータもそのまま復号できる。"
    "インポートした鍵素材を使うキーや非対称キーは自動ローテーションできないので、新しいキーを作って"
    "エイリアスを付け替える手動ローテーションになる。アプリはキーIDではなくエイリアスで参照しておくと楽。",

    "キーポリシーはKMSのアクセス制御の中心で、どのKMSキーにも必ず一つキーポリシーがある。IAMポリシー"
    "だけではKMSキーを使えず、キーポリシーが許可していないとダメ。デフォルトのキーポリシーはアカウントの"
    "ルートにkms:*を許可していて、この一文があるおかげでアカウント内のIAMポリシーによる許可が効くように"
    "なる。別アカウントにキーを使わせたいときは、キーポリシーで相手のアカウントを許可し、さらに相手側の"
    "アカウントでもIAMポリシーで許可する、という二段構えが必要。",

    "グラント（grant）はキーポリシーを書き換えずに、特定のプリンシパルへ一時的にキーの使用を許す仕組み。"
    "CreateGrantで作り、不要になったらRetireGrantかRevokeGrantで取り消す。作成直後は反映に少し時間が"
    "かかることがあるので、その間はグラントトークンを渡して使う。EBSやRDSのようなAWSサービスが"
    "裏でよく使っている。",

    "KMSキーはすぐに削除することはできない。ScheduleKeyDeletionで削除を予約すると、7日から30日の待機期間"
    "（指定しなければ30日）の後に削除される。待機中のキーは削除保留中という状態になって暗号化にも復号にも"
    "使えず、CancelKeyDeletionを呼べば削除をやめられる。一度削除されると、そのキーで暗号化したデータは"
    "二度と復号できなくなるので、迷ったらまずDisableKeyで無効化しておくのが安全。待機中のキーを誰かが"
    "使おうとしたらCloudTrailのログをもとにCloudWatchアラームで気付けるようにしておくと良い。",

    "Secrets Managerはパスワードや APIキーのようなシークレットを保存するサービスで、一番の特徴は自動ローテー"
    "ション。RDSやRedshift、DocumentDBのデータベース認証情報ならAWSが用意したLambdaのテンプレートで"
    "ローテーションでき、それ以外のシークレットは自分でローテーション用のLambda関数を書く。シークレットは"
    "必ずKMSで暗号化され、一つのシークレットの値は最大64KB。料金はシークレット1個あたり月0.40ドルと、"
    "APIコール1万回ごとに0.05ドル。別リージョンへのレプリケーションもできる。シークレットを削除するときは"
    "7日から30日の復旧期間があって、その間なら元に戻せる。",

    "Systems ManagerのParameter Storeは設定値を階層的に保存する機能で、パラメータの型はString、"
    "StringList、SecureString（KMSで暗号化される）の三つ。標準パラメータは追加料金なしで、値は4KBまで、"
    "1アカウント1リージョンで1万個まで作れる。アドバンストパラメータにすると値は8KBまで、数も10万個まで"
    "増え、有効期限の通知などのパラメータポリシーも使えるが、1個あたり月0.05ドルかかる。Parameter Store"
    "にはSecrets Managerのような組み込みのローテーション機能はないので、やるならEventBridgeとLambdaで"
    "自作する。/myapp/prod/db-url のようなパスで名前を付けておくと、GetParametersByPathで階層ごとに"
    "まとめて取得できる。",

    "使い分けの目安は、データベースのパスワードを定期的に自動で変えたいならSecrets Manager、ただの設定値や"
    "コストを抑えたい場合はParameter Store。CloudFormationのテンプレートからはどちらも動的参照で読める"
    "（resolve:secretsmanager と resolve:ssm-secure）。Parameter Storeの特別なパスを使うとSecrets Manager"
    "のシークレットをParameter Store経由で参照することもできる。",

    "STS（Security Token Service）は一時的な認証情報を発行するサービス。AssumeRoleを呼ぶと、アクセスキー"
    "ID、シークレットアクセスキー、セッショントークンの三点セットが返ってくる。有効期間はDurationSecondsで"
    "指定し、デフォルトは1時間、最短は15分。最長はロールに設定した最大セッション時間（1時間から12時間の間で"
    "設定）までだが、ロールから別のロールを引き受けるロールチェーンのときは1時間が上限になる。"
    "誰がそのロールを引き受けられるかはロールの信頼ポリシーで決まる。第三者のアカウントにロールを使わせる"
    "ときは外部ID（ExternalId）を条件にして混乱した代理問題を防ぐ。",

    "STSのほかのAPIも整理しておく。AssumeRoleWithWebIdentityはGoogleなどのOIDCプロバイダーのトークンで"
    "ロールを引き受けるもので、モバイルアプリならCognitoを使うのが推奨。AssumeRoleWithSAMLは社内のSAML "
    "IdPと連携するとき。GetSessionTokenはMFAで保護されたAPIを呼ぶときに使う。GetCallerIdentityは今どの"
    "ユーザーやロールとして呼んでいるかを返し、権限がなくても呼べる。アクセス拒否のエラーにエンコード"
    "されたメッセージが付いてきたら、DecodeAuthorizationMessageで中身を読める。",

    "IAMのポリシー評価の流れ。何も許可されていなければデフォルトで暗黙的な拒否になる。どこか一つの"
    "ポリシーにでも明示的なDenyがあれば、ほかで何を許可していても拒否が勝つ。そのうえでOrganizationsの"
    "SCP、リソースベースのポリシー、アクセス許可の境界（permissions boundary）、セッションポリシー、"
    "アイデンティティベースのポリシーが順に見られる。同じアカウント内なら、アイデンティティベースかリソース"
    "ベースのどちらか一方で許可されていれば通る。別アカウントからのアクセスは、両方のアカウント側で許可が"
    "必要。アクセス許可の境界やSCPは権限の上限を決めるだけで、それ自体は何も許可しない。ポリシーの効き方を"
    "確かめたいときはIAMポリシーシミュレーターが便利。",
]



def build(out: Path = OUT) -> Path:
    """The PDF, laid out by the gen corpus's builder with this file's text."""
    return make_gen_pdf.build(out, PARAGRAPHS, HEADER, "security-config", LINE_WIDTH, 52)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
