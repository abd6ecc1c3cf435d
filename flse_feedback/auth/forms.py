"""Login, password and first-admin forms (shape checks only; services decide the rest)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

REQUIRED_EMAIL = DataRequired(message="Enter your email address.")
REQUIRED_PASSWORD = DataRequired(message="Enter your password.")


class LoginForm(FlaskForm):
    email = EmailField("Email address", validators=[REQUIRED_EMAIL, Length(max=254)],
                       render_kw={"autocomplete": "username", "spellcheck": "false"})
    password = PasswordField("Password", validators=[REQUIRED_PASSWORD, Length(max=500)],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField("Keep me logged in on this phone",
                            description="Only tick this if the phone is yours and not shared.")


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        "Your current password", validators=[DataRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(
        "New password", description="At least 8 characters. A few words together work well.",
        validators=[DataRequired("Enter a new password."), Length(max=500)],
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        "Type the new password again",
        validators=[EqualTo("new_password", message="The two new passwords do not match.")],
        render_kw={"autocomplete": "new-password"})


class FirstAdminForm(FlaskForm):
    name = StringField("Your name", validators=[Length(max=120)])
    email = EmailField("Email address", validators=[REQUIRED_EMAIL, Length(max=254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(
        "Password", description="At least 8 characters.",
        validators=[DataRequired("Choose a password."), Length(max=500)],
        render_kw={"autocomplete": "new-password"})
