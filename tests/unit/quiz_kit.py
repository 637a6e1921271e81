"""Hand-written notes for quiz tests: several services per category, features with
descriptions, values, settings, one topic heading with children and one empty heading."""

from __future__ import annotations

from core.models import Chunk
from ingest.chunk import chunk_sections
from ingest.load import markdown_sections

QUIZ_JA = """# 勉強メモ
## アプリケーション統合
### Amazon SQS
- キューにメッセージを溜めて送信側と受信側を疎結合にするためのサービス
- 1通のメッセージの上限サイズは256KB
- メッセージは最長14日間まで残せる
- ロングポーリング
    - 空の応答の回数を減らして利用料金を下げる
    - 最長20秒まで到着を待ってから応答する
- ショートポーリング
    - 一部のサーバだけに問い合わせてすぐに応答を返す
    - 空の応答が返ってくる回数が増えやすい
- 暗号化の設定
    - KMSのキーでメッセージ本体を暗号化する
    - 属性部分は暗号化の対象外になる
### Amazon SNS
- 多数の購読者へメッセージをプッシュ型で届けるためのサービス
- 1つのトピックに複数のサブスクリプションを作成できる
### AWS Step Functions
- 複数のLambda関数を順番に呼び出すワークフローを組み立てるためのサービス
- 標準ワークフローは最長1年間実行を続けられる
- ステートの出力はOutputPathという属性で絞り込む
### Amazon EventBridge
- ルールに一致したイベントをターゲットへ転送するためのサービス
- スケジュール式で定期的にターゲットを起動できる
### Amazon MQ
## デプロイ
### AWS CodeDeploy
- アプリケーションの配置を自動化するためのサービス
- デプロイ設定
    + AllAtOnce 全てのインスタンスへ一度に配置する
    + HalfAtATime 半数ずつのインスタンスへ配置する
    + OneAtATime インスタンスを一台ずつ入れ替える
    + Canary 最初に一部のトラフィックを移してから残りを移す
- 配置の手順はappspec.ymlというファイルに書く
### AWS CodeBuild
- ソースコードをコンパイルしてテストを走らせるためのサービス
- ビルドの手順はbuildspec.ymlというファイルに書く
- 1回のビルドは最長8時間まで実行できる
## 監視
### AWS X-Ray
- 分散アプリケーションのリクエストを追跡して分析するためのサービス
- サンプリングルールで記録するリクエストの割合を決める
- X-Rayデーモンは2000番のUDPポートで待ち受ける
"""

QUIZ_EN = """# Data notes
## Amazon DynamoDB
- A fully managed key-value database service
- The maximum item size is 400 KB
- Global secondary indexes
    - can be added after the table is created
    - support only eventually consistent reads
- Local secondary indexes
    - must be created together with the table
    - allow strongly consistent reads
## Amazon ElastiCache
- An in-memory caching service for Redis and Memcached
- Lazy loading writes an entry to the cache only after a miss
## Amazon S3
- An object storage service with buckets and keys
- A single PUT uploads objects of up to 5 GB
## AWS KMS
- A managed service for creating and controlling encryption keys
- Data up to 4 KB can be encrypted directly with a KMS key
- Envelope encryption encrypts data locally with a data key
## Amazon Cognito
- User pools handle sign-up and sign-in for application users
- Identity pools exchange tokens for temporary AWS credentials
- A user pool can require multi-factor authentication at sign-in
## AWS Secrets Manager
- Rotates database passwords on a schedule with a Lambda function
- Each stored value can be up to 64 KB
"""


def quiz_chunks(en: bool = True) -> list[Chunk]:
    chunks = chunk_sections(markdown_sections(QUIZ_JA, "notes/study.ja.md"), 600, 1)
    if en:
        chunks += chunk_sections(markdown_sections(QUIZ_EN, "notes/data.en.md"), 600, 1)
    for i, c in enumerate(chunks):
        c.id = f"q{i}"
    return chunks


EMPTY = [{"source": "notes/study.ja.md", "heading": "アプリケーション統合 > Amazon MQ"}]
