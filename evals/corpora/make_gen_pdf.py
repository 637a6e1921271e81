"""Build the generalization corpus's prose PDF (elasticache-cloudfront.ja.pdf).

Why a script: the PDF must look like a real learner's export -- Japanese prose with no
headings, paragraphs wrapped into fixed-width layout lines that break mid-word, two or more
pages, and a running header and footer -- and it must be reproducible byte for byte
(``invariant=1``), so the text lives here and the PDF is regenerated from it.

Run: ``python evals/corpora/make_gen_pdf.py [OUT]`` (needs reportlab, in the ``dev`` extra).
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

OUT = Path(__file__).parent / "gen" / "notes" / "elasticache-cloudfront.ja.pdf"
IPA = Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf")
HEADER = "クラウド学習ノート（キャッシュ編）"
LINE_WIDTH = 70  # display columns per layout line (full-width = 2)

PARAGRAPHS = [
    "ElastiCacheはAWSが管理してくれるインメモリのキャッシュサービスで、エンジンとしてRedisと"
    "Memcachedのどちらかを選ぶ。データベースの前に置いて読み込みを速くしたり、DBの負荷を下げたり、"
    "Webアプリのセッション情報を保存したりするのに使う。アプリ側でキャッシュを読み書きするコードを"
    "書く必要があるので、導入にはアプリの修正が伴う点に注意する。",

    "Redisはリスト、ハッシュ、ソート済みセットなどの豊富なデータ型を持ち、ソート済みセットを使えば"
    "ゲームのランキングのようなものも簡単に作れる。スナップショットによるバックアップと復元ができ、"
    "レプリカを置いてマルチAZの自動フェイルオーバーも構成できるので、可用性が必要な場合はRedisを選ぶ。"
    "一方Memcachedは単純なキーと値だけを扱い、マルチスレッドで動作する。データの永続化もレプリケーション"
    "もないため、ノードが落ちるとその中のデータは失われるが、ノードを追加して水平にスケールアウトしやすく、"
    "シンプルなキャッシュで十分ならMemcachedが候補になる。",

    "キャッシュの更新戦略は二つ覚えておく。一つ目の遅延読み込み（レイジーローディング）は、アプリが"
    "まずキャッシュを読み、キャッシュミスのときだけデータベースから読み出して、その結果をキャッシュに"
    "書き込むやり方である。実際に要求されたデータだけがキャッシュに載るので無駄が少なく、キャッシュの"
    "ノードが故障しても致命的にはならない。ただしキャッシュミスのたびにキャッシュ、DB、キャッシュへの"
    "書き込みと三回の往復が発生して遅くなり、DBが更新されてもキャッシュは古いままになり得る。",

    "二つ目の書き込みスルー（ライトスルー）は、データベースにデータを書き込むたびに同じデータをキャッシュ"
    "にも書き込む方式で、キャッシュのデータが古くなることがない。その代わり書き込みのたびに二か所へ"
    "書くため書き込みが遅くなり、一度も読まれないデータまでキャッシュに溜まってしまう。また新しく"
    "追加したノードには書き込まれるまでデータがないので、実際には遅延読み込みと組み合わせて使うことが多い。",

    "どちらの戦略でもTTL（有効期限）をキーに付けておくと良い。TTLが切れたキーは自動的に消えるので、"
    "古いデータがいつまでも残るのを防げるし、使われないデータでメモリがいっぱいになるのも抑えられる。"
    "書き込みスルーと組み合わせれば、読まれないデータが溜まり続ける欠点も和らぐ。",

    "CloudFrontはAWSのCDNで、世界中のエッジロケーションにコンテンツをキャッシュして利用者の近くから"
    "配信する。オリジンにはS3バケットのほかALBやEC2、オンプレミスのHTTPサーバーも指定できる。S3を"
    "オリジンにしてバケットを直接公開したくない場合は、オリジンアクセスコントロール（OAC）を使う。"
    "OACは以前のオリジンアクセスアイデンティティ（OAI）に代わる新しい仕組みで、バケットポリシーで"
    "cloudfront.amazonaws.comというサービスプリンシパルに、そのディストリビューションのARNを条件として"
    "読み取りを許可する。OACはSSE-KMSで暗号化されたオブジェクトにも対応している。",

    "エッジでどれだけキャッシュするかはTTLで決まる。デフォルトTTLは86400秒つまり24時間で、最小TTLは0秒、"
    "最大TTLは31536000秒（1年）である。オリジンがCache-Controlのmax-ageヘッダーを返せばその値が"
    "最小と最大の範囲内で使われる。キャッシュキーに含めるヘッダーやクエリ文字列、Cookieはキャッシュポリシー"
    "で指定し、含める値が多いほどキャッシュヒット率は下がる。",

    "TTLが切れる前にファイルを差し替えたいときはキャッシュの無効化（インバリデーション）を行い、"
    "/images/* のようにパスを指定してエッジのキャッシュを消す。無効化するパスは毎月1000件までは無料で、"
    "それを超えると1パスごとに料金がかかる。頻繁に更新するなら、ファイル名にバージョンを付けて"
    "新しい名前で配信するほうが安くて確実である。",

    "有料会員だけにコンテンツを見せたいような場合は署名付きURLか署名付きCookieを使う。署名付きURLは"
    "一つのファイルごとにアクセスを制限するもので、例えばインストーラーを一つダウンロードさせるような場面に"
    "向いている。署名付きCookieは複数のファイルへまとめてアクセスを許可でき、URLを変えたくない場合にも"
    "使えるので、会員向けエリアの動画や画像全部を守るならこちらが便利である。署名に使う鍵は信頼されたキー"
    "グループで管理するのが推奨で、ルートユーザーのCloudFrontキーペアは非推奨となっている。",

    "エッジでコードを動かす方法にはLambda@EdgeとCloudFront Functionsがある。CloudFront Functions"
    "はJavaScriptだけで書く軽量な関数で、ビューワーリクエストとビューワーレスポンスのイベントでしか動かないが、"
    "1ミリ秒未満で実行され、毎秒数百万リクエストにも耐えられて料金も安い。ヘッダーの書き換えやURLの"
    "リダイレクト、キャッシュキーの正規化のような単純な処理向きで、ネットワークにはアクセスできない。"
    "Lambda@EdgeはNode.jsかPythonで書け、オリジンリクエストとオリジンレスポンスを含む四つのイベント全部で"
    "動かせる。実行時間も長く（ビューワー側5秒、オリジン側30秒まで）、外部のサービスやネットワークへの"
    "アクセスもできる。関数はバージニア北部リージョン（us-east-1）で作成して各エッジに複製される。",
]


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def wrap(text: str, columns: int = LINE_WIDTH) -> list[str]:
    """Cut at a fixed display width, mid-word, as a PDF layout engine would."""
    lines, cur, used = [], "", 0
    for ch in text:
        if used + _width(ch) > columns:
            lines.append(cur)
            cur, used = "", 0
        cur += ch
        used += _width(ch)
    if cur:
        lines.append(cur)
    return lines


def _font() -> str:
    """IPA Gothic (embedded, extracts cleanly) when present, else a CID font needing no file."""
    if IPA.exists():
        pdfmetrics.registerFont(TTFont("IPAGothic", str(IPA)))
        return "IPAGothic"
    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiKakuGo-W5"))
    return "HeiseiKakuGo-W5"


def build(out: Path = OUT, paragraphs: list[str] = PARAGRAPHS, header: str = HEADER,
          title: str = "elasticache-cloudfront", columns: int = LINE_WIDTH,
          left: int = 56) -> Path:
    """Write the PDF; paragraphs are separated by a blank gap, never by a heading.
    (The other held-out PDFs call this with their own text and layout.)"""
    font, size, leading = _font(), 10.5, 17
    page_w, page_h = A4
    top, bottom = page_h - 80, 80
    out.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.setTitle(title)
    page = 1

    def furniture() -> None:
        c.setFont(font, 8)
        c.drawString(left, page_h - 45, header)
        c.drawRightString(page_w - left, 40, f"- {page} -")
        c.setFont(font, size)

    furniture()
    y = top
    for para in paragraphs:
        for line in wrap(para, columns):
            if y < bottom:
                c.showPage()
                page += 1
                furniture()
                y = top
            c.drawString(left, y, line)
            y -= leading
        y -= leading * 0.8
    c.save()
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
