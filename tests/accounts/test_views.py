from forum import create_app
from forum.extensions import db
from tests.conftest import login
from tests.factories import PASSWORD


def test_sign_in_and_out(client, organiser):
    response = login(client)
    assert response.status_code == 302 and response.headers["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200
    client.post("/logout")
    assert client.get("/manage/").status_code == 302


def test_wrong_password_keeps_the_email_and_says_why(client, organiser):
    response = client.post(
        "/login", data={"email": organiser.email, "password": "faux"}, headers={"Accept-Language": "fr"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Adresse e-mail ou mot de passe incorrect." in page and f'value="{organiser.email}"' in page


def test_sign_in_redirects_only_to_local_pages(client, organiser):
    response = client.post(
        "/login?next=https://evil.example.com/", data={"email": organiser.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/manage/"


def test_login_is_throttled(tmp_path):
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 't.db'}",
        WTF_CSRF_ENABLED=False,
        LOGIN_RATE_LIMIT="3 per minute",
    )
    with app.app_context():
        db.create_all()
        client = app.test_client()
        statuses = [
            client.post(
                "/login", data={"email": "a@example.org", "password": "x"}, headers={"Accept-Language": "en"}
            ).status_code
            for _ in range(4)
        ]
        assert statuses == [422, 422, 422, 429]
        assert "Too many attempts" in client.post("/login", data={}, headers={"Accept-Language": "en"}).get_data(
            as_text=True
        )
        db.drop_all()


def test_forms_require_a_csrf_token(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 't.db'}")
    with app.app_context():
        db.create_all()
        response = app.test_client().post("/login", data={"email": "a@example.org", "password": "x"})
        assert response.status_code == 400
        assert "formulaire" in response.get_data(as_text=True)
        db.drop_all()
