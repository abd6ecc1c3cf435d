"""Every response carries headers against framing, sniffing, inline script and shared caches."""
import pytest


@pytest.mark.parametrize("path", ["/", "/auth/login", "/healthz", "/no-such-page"])
def test_pages_carry_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # plain HTTP: HSTS would be ignored


def test_hsts_is_sent_over_https(client):
    headers = client.get("/", base_url="https://localhost").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_static_files_are_cached_for_long_and_linked_with_a_fingerprint(client):
    home = client.get("/").get_data(as_text=True)
    assert "/static/app.css?v=" in home
    with client.get("/static/app.css") as css:
        assert css.status_code == 200
        assert "max-age=31536000" in css.headers["Cache-Control"]


def test_pages_are_compressed_for_browsers_that_ask(client):
    page = client.get("/auth/login", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("Content-Encoding") in {"gzip", "br", "zstd"}
    plain = client.get("/auth/login")
    assert "Content-Encoding" not in plain.headers
