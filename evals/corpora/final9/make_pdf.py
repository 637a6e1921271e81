"""Build the ninth held-out corpus's English prose PDF (notes/lambda-apigw.en.pdf).

Why a script: the PDF must look like a learner's export -- English prose under a few bold,
larger heading lines, paragraphs wrapped into fixed-width layout lines, three pages or so,
a running header and a page-number footer -- and it must be reproducible byte for byte
(``invariant=1``), so the text lives here and the PDF is regenerated from it.

Run: ``python -m evals.corpora.final9.make_pdf [OUT]`` (needs reportlab, in the ``dev`` extra).
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

OUT = Path(__file__).parent / "notes" / "lambda-apigw.en.pdf"
TITLE = "Lambda deep dive + API Gateway (DVA-C02 self study)"
HEADER = "my DVA-C02 notes -- Lambda / API Gateway"
LINE_WIDTH = 96  # characters per layout line

# ("h", text) is a bold heading line; ("p", text) a paragraph wrapped at LINE_WIDTH.
BLOCKS: list[tuple[str, str]] = [
    ("h", "Lambda: packaging, layers, versions and aliases"),
    ("p", "A function can be shipped as a .zip archive or as a container image. For a zip uploaded "
          "directly the limit is 50 MB zipped, and 250 MB unzipped including all layers; anything bigger "
          "than that has to go the container image route, where the image can be up to 10 GB and must "
          "live in an ECR repository. Memory goes from 128 MB to 10,240 MB in 1 MB steps, and CPU is "
          "allocated in proportion to memory (about 6 vCPUs at the top). The timeout can be set up to "
          "900 seconds. Environment variables are limited to 4 KB in total for one function."),
    ("p", "Layers are zip archives with shared code or libraries (e.g. a common logging lib or the "
          "requests package). One function can use at most five layers, and the layers count toward the "
          "same 250 MB unzipped limit. At runtime the layer content is extracted under the /opt "
          "directory, so for Python the libs go in a python/ folder inside the zip so they end up in "
          "/opt/python which is already on the path. Each publish of a layer creates a new immutable "
          "layer version; a function always points at a specific layer version, never 'latest'. A layer "
          "can be shared with other accounts or made public by adding a permission to the layer version."),
    ("p", "Versions: while you edit, you are working on $LATEST, which is the only mutable version. "
          "PublishVersion takes a snapshot of code + configuration and gives it a number (1, 2, 3 ...) "
          "that never changes afterwards. A qualified ARN ends with :version or :alias, an unqualified "
          "ARN (no suffix) always invokes $LATEST. An alias is a named pointer such as prod or beta that "
          "points to one version; it has its own ARN, so event sources and API Gateway can target the "
          "alias and you just move the alias on release. An alias cannot point to another alias. "
          "Weighted aliases can split traffic between two published versions, e.g. 90 / 10, by setting "
          "an additional version weight on the alias, which is how canary releases are done without "
          "CodeDeploy. I think $LATEST cannot be used in a weighted alias (to check)."),
    ("p", "Container images: the AWS base images already contain the runtime interface client; with "
          "your own base image you have to add the runtime interface client yourself, and you can test "
          "locally with the Runtime Interface Emulator (RIE). The image must be built for x86_64 or arm64 to "
          "match the function architecture, arm64 being Graviton2 which is cheaper per GB-second."),
    ("p", "Two different policies, often mixed up: the execution role is what the function is allowed "
          "to call (it needs logs permissions to write its own logs), while the resource-based policy "
          "on the function says who may invoke it. S3, SNS, EventBridge or API Gateway get permission "
          "through lambda:AddPermission, and cross-account invocation is also granted there."),
    ("h", "Lambda: concurrency and scaling"),
    ("p", "Concurrency = requests per second x average duration in seconds. The regional account "
          "quota is 1,000 concurrent executions by default, shared by every function in the region, and "
          "it is a soft limit you can raise with a support case. Since the late-2023 change each function "
          "can scale up by 1,000 more execution environments every 10 seconds, independent of other "
          "functions (before it was a region-wide burst quota of 500-3000 depending on the region)."),
    ("p", "Reserved concurrency does two things at once: it guarantees that many environments for "
          "one function and it also caps the function at that number. It costs nothing extra. Setting "
          "reserved concurrency to 0 throttles every invocation, which is a quick kill switch when a "
          "function is misbehaving. AWS keeps at least 100 units of unreserved concurrency for the "
          "functions without a reservation, so you can't reserve the whole pool."),
    ("p", "Provisioned concurrency is different: it keeps a number of environments already initialized "
          "so requests do not get a cold start. It is billed for as long as it is configured, and it can "
          "only be set on a published version or an alias, not on $LATEST. Application Auto Scaling can "
          "change provisioned concurrency on a schedule or by target tracking on utilization. When "
          "a synchronous call is throtled the caller gets HTTP 429 with TooManyRequestsException; for "
          "asynchronous calls Lambda keeps the event and retries on its own."),
    ("p", "Cold start = download the code, start the runtime, run the init code outside the handler. "
          "The init phase has a limit of 10 seconds for on-demand functions. So create SDK clients and DB "
          "connections outside the handler, they get reused by warm invocations in the same environment."),
    ("h", "Lambda: async invocation, destinations, event source mappings"),
    ("p", "Asynchronous invocation (S3 events, SNS, EventBridge, or InvocationType=Event) puts the "
          "event on an internal queue and returns 202 right away. On a function error Lambda retries "
          "twice by default, with a delay between attempts; the retry attempts can be set from 0 to 2. "
          "The maximum event age can be set from 60 seconds up to 6 hours; after that the event is "
          "dropped (or sent to a destination). Payload limit for async calls is 256 KB, for sync calls "
          "6 MB request and 6 MB response (I read async was raised to 1 MB in 2025, to check)."),
    ("p", "Destinations send a record of the invocation result somewhere: on success and/or on failure. "
          "Supported targets are an SQS queue, an SNS topic, another Lambda function and an EventBridge "
          "event bus, and since late 2024 an S3 bucket for the on-failure case. The record includes the "
          "request, the response and context details, so AWS recommends destinations over the older "
          "dead-letter queue, which only handles failures, only goes to SQS or SNS and only keeps the "
          "original event payload."),
    ("p", "Event source mappings are for sources that Lambda polls: SQS, Kinesis, DynamoDB Streams, "
          "MSK / self-managed Kafka, Amazon MQ and DocumentDB. Here the Lambda service itself reads "
          "the records in batches and invokes the function synchronously. For SQS the batch size can go "
          "up to 10,000 for a standard queue (a batch window is needed above 10) and up to 10 for FIFO. "
          "To avoid reprocessing the whole batch when one message fails, turn on ReportBatchItemFailures "
          "and return batchItemFailures with the ids that failed. For streams (Kinesis / DynamoDB) an "
          "error blocks the shard until the record expires, unless you set bisect batch on function error, "
          "a maximum retry attempts value, a maximum record age, or an on-failure destination. "
          "Parallelization "
          "factor (1-10) lets one shard be processed by up to 10 concurrent batches, order kept per "
          "partition key. Lambda also detects recursive loops (e.g. function writes to the same SQS queue "
          "that triggers it) and stops them after about 16 invocations."),
    ("p", "VPC access: the function gets Hyperplane ENIs in your subnets. It then has no internet unless "
          "the subnet routes to a NAT gateway, and the execution role needs the EC2 network interface "
          "permissions (managed policy AWSLambdaVPCAccessExecutionRole). Function URLs give a function "
          "its own HTTPS endpoint with auth type AWS_IAM or NONE, no API Gateway needed."),
    ("h", "Lambda: SnapStart and extensions"),
    ("p", "SnapStart cuts cold starts mostly for Java: when you publish a version Lambda runs the init "
          "once, takes a Firecracker microVM snapshot of memory and disk, and later resumes new "
          "environments from that cached snapshot. Supported on Java 11 and later, and since Nov 2024 "
          "also on Python 3.12+ and .NET 8 (for those two there is a charge for caching and restore, "
          "for Java it is free). It only works on published versions (and aliases pointing to them), and it "
          "can't be combined with provisioned concurrency, EFS, or ephemeral storage bigger than 512 MB. "
          "Watch out for uniqueness: anything generated during init (random seeds, unique ids, temp "
          "credentials) is restored identically in every environment, so regenerate it in an afterRestore "
          "runtime hook (Java uses the CRaC interface for beforeCheckpoint / afterRestore)."),
    ("p", "Extensions run alongside the function code in the same execution environment and are "
          "delivered as layers. Internal extensions run inside the runtime process (e.g. a Java agent), "
          "external extensions are separate processes that start before the runtime and can keep running "
          "after the function returns its response. They register with the Extensions API, and can "
          "subscribe to logs / platform events via the Telemetry API. Typical ones: monitoring agents "
          "(Datadog etc.), the AWS Parameters and Secrets extension which caches values locally "
          "on port 2773, "
          "and the ADOT collector. Extensions share the memory and CPU of the function and count toward "
          "the billed duration, also shutdown: with external extensions the shutdown phase gets up to 2 "
          "seconds (definately double check this one)."),
    ("h", "API Gateway: API types, stages, deployments"),
    ("p", "Three flavours. REST API is the full featured one: API keys and usage plans, caching, request "
          "validation, mapping templates, AWS WAF, resource policies, private endpoints. HTTP API is the "
          "cheaper and faster one (roughly 70% cheaper), with JWT authorizers, Lambda authorizers, IAM "
          "auth and simple CORS, but no caching and no usage plans. WebSocket API keeps a two-way "
          "connection; routes are chosen by a route selection expression and there are the special routes "
          "$connect, $disconnect and $default. The backend sends messages back to a client by calling the "
          "@connections management API with the connection id."),
    ("p", "Endpoint types for a REST API: edge-optimized (the default, requests go through CloudFront "
          "points of presence but you don't manage the distribution), regional (clients in the same region, "
          "or put your own CloudFront in front), and private (only reachable from a VPC through an "
          "interface VPC endpoint, and a resource policy is required). Max payload is 10 MB. The "
          "integration timeout is 50 ms to 29 seconds for REST APIs; since mid-2024 regional and private "
          "REST APIs can ask for a longer timeout through a quota increase (to check). For HTTP APIs the "
          "max is 30 seconds."),
    ("p", "Changes to a REST API do nothing until you create a deployment and associate it with a stage "
          "(dev, test, prod). A stage is a named reference to a deployment, with its own settings: "
          "logging, throttling, caching, and stage variables. Stage variables are key/value pairs you "
          "reference as ${stageVariables.name}, for example to call a Lambda alias per stage "
          "(function:${stageVariables.alias}); every alias used this way needs its own lambda:InvokeFunction "
          "permission for API Gateway. A stage can also run a canary: a percentage of the stage traffic goes "
          "to a new deployment, then you promote it. APIs can be exported and imported as OpenAPI "
          "definitions."),
    ("p", "HTTP APIs send Lambda a payload format version 2.0 event by default (1.0 is the REST-style "
          "one). Private backends are reached through a VPC link: for REST APIs the VPC link targets a "
          "Network Load Balancer, for HTTP APIs it can target an ALB, an NLB or a Cloud Map service. Lambda "
          "response streaming (up to 20 MB by default) works with function URLs, and since 2025 with REST "
          "APIs too I think (not sure, recieve chunks as they are written)."),
    ("h", "API Gateway: throttling, caching, authorizers, integrations"),
    ("p", "Throttling: by default an account gets 10,000 requests per second steady state with a burst "
          "of 5,000 requests across all APIs in the region. Over the limit the client gets 429 Too Many "
          "Requests. Stage and method level throttles can be set lower. Usage plans give per-client "
          "throttling (rate + burst) and a quota per day, week or month, and they identify the client with "
          "an API key that the caller sends in the x-api-key header. API keys are for metering, not for "
          "authorization -- do not use them as the only security."),
    ("p", "Caching is REST-only and per stage. Default TTL is 300 seconds, maximum 3600 seconds, and "
          "a TTL of 0 turns caching off. Cache capacity ranges from 0.5 GB to 237 GB and you pay by the "
          "hour. Cache keys can include chosen headers, query strings and path parameters. A client can "
          "bypass the cache with the header Cache-Control: max-age=0; you should require authorization "
          "for that (execute-api:InvalidateCache), otherwise anyone can flush it. Flushing the whole "
          "cache is also possible from the console."),
    ("p", "Authorizers. IAM auth: the caller signs the request with Signature Version 4 and needs "
          "execute-api:Invoke. Lambda authorizer (used to be called custom authorizer): TOKEN type gets a "
          "bearer token from a header, REQUEST type gets headers, query strings, stage variables and "
          "context; the function returns an IAM policy plus a principal id. The result is cached by "
          "default for 300 seconds, up to 3600. Cognito user pool authorizer: API Gateway checks the "
          "token itself, no code, for REST APIs. For HTTP APIs there is the JWT authorizer for any OIDC "
          "issuer. Resource policies can allow or deny by account, source IP range or VPC endpoint."),
    ("p", "Integration types: AWS_PROXY (Lambda proxy, the whole request goes to the function as an "
          "event and the function must return statusCode, headers and body), AWS (non-proxy, you map "
          "the request and response yourself), HTTP and HTTP_PROXY for HTTP backends, and MOCK which "
          "returns a response without any backend (useful for CORS preflight or stubbing). Mapping "
          "templates are written in VTL (Velocity Template Language) and use $input, $context, $util "
          "and $stageVariables to reshape JSON. They are selected by Content-Type; when no template "
          "matches, the passthrough behavior decides, and with NEVER the request is rejected with "
          "415 Unsupported Media Type. Request validators check required parameters and the body "
          "against a JSON schema model and return 400 before the backend is called."),
    ("p", "Errors to remember: 502 Bad Gateway usually means the Lambda proxy response was malformed "
          "(for example body not a string), 504 is an integration timeout, 403 comes from a missing "
          "or bad authorization, WAF or a resource policy, 429 is throttling. For CORS with a proxy "
          "integration the function itself must return the Access-Control-Allow-Origin header, enabling "
          "CORS in the console only sets up the OPTIONS method. Metrics worth knowing: Latency (the "
          "whole time) vs IntegrationLatency (backend only), CacheHitCount and CacheMissCount, "
          "4XXError and 5XXError. Execution logs and access logs go to CloudWatch Logs once an IAM role "
          "ARN is set in the API Gateway account settings."),
]


def layout() -> list[tuple[str, str]]:
    """Heading lines and paragraph lines wrapped at LINE_WIDTH, blank rows between paragraphs."""
    rows: list[tuple[str, str]] = [("t", TITLE), ("", "")]
    for kind, text in BLOCKS:
        if kind == "h":
            rows += [("", ""), ("h", text)]
        else:
            rows += [("p", ln) for ln in textwrap.wrap(text, LINE_WIDTH, break_on_hyphens=False)]
            rows.append(("", ""))
    return rows


def build(out: Path = OUT) -> Path:
    """Draw the rows on A4 pages with a running header and a '- n -' footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width, height = A4
    left, top, bottom, step = 56, height - 70, 64, 12.6
    c = canvas.Canvas(str(out), pagesize=A4, invariant=1)
    c.setTitle(TITLE)
    c.setAuthor("learner")
    page = 1

    def furniture() -> None:
        c.setFont("Helvetica-Oblique", 8)
        c.drawString(left, height - 40, HEADER)
        c.drawCentredString(width / 2, 36, f"- {page} -")

    furniture()
    y = top
    for kind, text in layout():
        size = {"t": 15, "h": 11.5}.get(kind, 9.2)
        need = step * (1.6 if kind in {"t", "h"} else 1)
        if y - need < bottom:
            c.showPage()
            page += 1
            furniture()
            y = top
            if not text:
                continue
        if text:
            c.setFont("Helvetica-Bold" if kind in {"t", "h"} else "Helvetica", size)
            c.drawString(left, y, text)
        y -= need if kind in {"t", "h"} else step * (0.6 if not text else 1)
    c.showPage()
    c.save()
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
