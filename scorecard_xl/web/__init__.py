"""The drop-in page (`scorecard-xl serve`): a local web app to validate extracts and preview and download Appendix 1.

Modules: `app` (the Starlette application and its limits), `jobs` (one request in its own folder and worker
process), `worker` (that process), `present` (findings and the scorecard as display data), `server` (`serve`).
Nothing is imported here, so that the worker process loads no web framework.
"""
