"""Tag chunks with the AWS services they are about and the DVA-C02 domains they serve.

Tags power quiz selection (``--service SQS``), the coverage view and refusal: a
question about a service whose section is empty must not be answered from elsewhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

DOMAINS: dict[int, str] = {
    1: "Development with AWS Services",
    2: "Security",
    3: "Deployment",
    4: "Troubleshooting and Optimization",
}
DOMAINS_JA: dict[int, str] = {1: "AWS のサービスによる開発", 2: "セキュリティ", 3: "デプロイ",
                              4: "トラブルシューティングと最適化"}

# canonical name -> aliases (matched case-insensitively on word-ish boundaries)
SERVICES: dict[str, list[str]] = {
    "Elasticsearch": ["Amazon Elasticsearch Service", "Amazon ES", "Elasticsearch", "OpenSearch"],
    "Kinesis": ["Kinesis"],
    "MSK": ["Managed Stream Kafka", "Managed Streaming for Kafka", "MSK", "Kafka"],
    "MQ": ["Amazon MQ"],
    "EventBridge": ["EventBridge", "CloudWatch Events", "Cloud Watch Events"],
    "SNS": ["Simple Notification Service", "SNS"],
    "SQS": ["Simple Queue Service", "SQS", "FIFOキュー", "スタンダードキュー", "Dead Letter Queue",
            "デッドレターキュー", "可視性タイムアウト", "FIFO queue", "standard queue"],
    "Pinpoint": ["Pinpoint"],
    "Step Functions": ["Step Functions", "StepFunctions", "ステートマシン", "state machine",
                       "Amazon States Language", "Amazon State Language", "ASL"],
    "SWF": ["Simple Workflow Service", "SWF"],
    "EC2": ["EC2"],
    "Elastic Beanstalk": ["Elastic Beanstalk", "Beanstalk"],
    "Lambda": ["Lambda", "ラムダ"],
    "ECR": ["Elastic Container Registry", "ECR"],
    "ECS": ["Elastic Container Service", "ECS"],
    "EKS": ["Elastic Kubernetes Service", "EKS", "Kubernetes"],
    "Fargate": ["Fargate", "Farget"],
    "DynamoDB": ["DynamoDB", "Dynamo DB"],
    "ElastiCache": ["ElastiCache", "Redis", "Memcached"],
    "RDS": ["RDS", "Aurora"],
    "CodeArtifact": ["CodeArtifact", "Code Artifact"],
    "CodeBuild": ["CodeBuild", "Code Build", "buildspec"],
    "CodeCommit": ["CodeCommit", "Code Commit"],
    "CodeDeploy": ["CodeDeploy", "Code Deploy", "AppSpec"],
    "CodeGuru": ["CodeGuru", "CodeGrue", "Code Guru"],
    "CodePipeline": ["CodePipeline", "Code Pipeline"],
    "CodeStar": ["CodeStar", "Code Star"],
    "FIS": ["Fault Injection Simulator", "Fault Injection Service", "FIS"],
    "X-Ray": ["X-Ray", "XRay", "X Ray"],
    "Cloud9": ["Cloud9", "Cloud 9"],
    "CloudFormation": ["CloudFormation", "Cloud Formation"],
    "CloudWatch": ["CloudWatch", "Cloud Watch"],
    "API Gateway": ["API Gateway", "APIGateway"],
    "CloudFront": ["CloudFront", "Cloud Front"],
    "ELB": ["Elastic Load Balancing", "ELB", "ALB", "NLB", "load balancer", "ロードバランサー"],
    "Route 53": ["Route 53", "Route53"],
    "Cognito": ["Cognito"],
    "IAM": ["Identity and Access Management", "IAM"],
    "KMS": ["Key Management Service", "KMS"],
    "Secrets Manager": ["Secrets Manager", "Secret Manager"],
    "Systems Manager": ["Systems Manager", "Parameter Store", "SSM"],
    "S3": ["Simple Storage Service", "S3", "Glacier"],
}

# Which exam domain a service's notes mostly serve (task statements of the guide).
SERVICE_DOMAINS: dict[str, list[int]] = {
    "Lambda": [1], "SQS": [1], "SNS": [1], "Step Functions": [1], "SWF": [1],
    "EventBridge": [1], "Kinesis": [1], "MSK": [1], "MQ": [1], "DynamoDB": [1],
    "ElastiCache": [1, 4], "RDS": [1], "S3": [1], "API Gateway": [1, 3],
    "Elasticsearch": [1], "Pinpoint": [1],
    "IAM": [2], "Cognito": [2], "KMS": [2], "Secrets Manager": [2], "Systems Manager": [2, 3],
    "Elastic Beanstalk": [3], "CodeArtifact": [3], "CodeBuild": [3], "CodeCommit": [3],
    "CodeDeploy": [3], "CodePipeline": [3], "CodeStar": [3], "CloudFormation": [3],
    "ECR": [3], "ECS": [1, 3], "EKS": [1, 3], "Fargate": [1, 3], "Cloud9": [3],
    "X-Ray": [4], "CloudWatch": [4], "CodeGuru": [4], "FIS": [4], "CloudFront": [4],
    "ELB": [4], "Route 53": [4], "EC2": [1],
}


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    pats = []
    for name, aliases in SERVICES.items():
        alt = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
        pats.append((name, re.compile(rf"(?<![A-Za-z0-9])(?:{alt})(?![A-Za-z0-9])", re.I)))
    return pats


def services_in(text: str) -> list[str]:
    """Canonical services mentioned in ``text``, in first-mention order."""
    hits: list[tuple[int, str]] = []
    for name, pat in _patterns():
        m = pat.search(text)
        if m:
            hits.append((m.start(), name))
    return [name for _, name in sorted(hits)]


def service_of_heading(heading_path: list[str]) -> list[str]:
    """The service a section is about: the deepest heading that names one."""
    for title in reversed(heading_path):
        found = services_in(title)
        if found:
            return found[:1]
    return []


def domains_for(services: list[str], heading: str = "") -> list[int]:
    """Domains from the services, or from an exam-guide heading that names a domain."""
    out: set[int] = set()
    for s in services:
        out.update(SERVICE_DOMAINS.get(s, []))
    m = re.search(r"(?:Domain|第)\s*([1-4])", heading)
    if m:
        out.add(int(m.group(1)))
    return sorted(out)
