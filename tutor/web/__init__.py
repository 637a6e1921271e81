"""The Gradio app: ``build_app(settings)`` in ``tutor.web.blocks``, handlers in ``handlers``.

Importing this package is cheap; Gradio is only imported by ``tutor.web.blocks``.
"""
