"""What every template can use: language and date formats."""

from flask import Flask, request, url_for

from forum.core import i18n


def init_templating(app: Flask) -> None:
    @app.get("/favicon.ico")
    def favicon():
        """Browsers and tools ask for it on every site: the same icon as the pages' <link rel="icon">."""
        return (
            app.send_static_file("favicon.svg"),
            200,
            {"Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400"},
        )

    app.jinja_env.filters["span"] = i18n.format_span
    app.jinja_env.filters["moment"] = i18n.format_moment
    app.jinja_env.filters["day"] = i18n.format_day
    app.jinja_env.filters["clock"] = i18n.format_clock
    app.jinja_env.filters["filesize"] = i18n.format_size
    app.jinja_env.filters["local"] = lambda v: v.strftime("%Y-%m-%dT%H:%M") if v else ""

    @app.context_processor
    def inject():
        def switch_lang_url(code: str) -> str:
            return url_for("accounts.set_language", code=code, next=request.full_path.rstrip("?"))

        return {"lang": i18n.locale_code(), "switch_lang_url": switch_lang_url}
