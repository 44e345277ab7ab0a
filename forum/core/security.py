"""Security headers on every response."""

from flask import Flask, request

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

#: pages and answers that hold personal data (and the projector's /e/<slug>/screen, which shows names)
PRIVATE_PATHS = (
    "/r/",
    "/s/",
    "/verify/",
    "/unsubscribe/",
    "/manage/",
    "/api/",
    "/login",
    "/account",
    "/join/",
    "/admin/",
)


def init_security(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(self), microphone=(), geolocation=()")
        if request.path.startswith(PRIVATE_PATHS) or request.path.endswith(
            "/screen"
        ):  # personal data: kept by no cache, shown by no back button
            response.headers["Cache-Control"] = "no-store"
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
