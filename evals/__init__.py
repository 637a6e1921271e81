"""Evaluation of the tutor on a bilingual DVA-C02 question set.

Submodules: `dataset` (load/validate the JSON Lines set), `metrics` (pure scoring),
`runner` (run the tutor, gate on a baseline), `report` (JSON/Markdown/chart output).
"""
