"""How Flask-Login finds the account behind a session."""
from ..extensions import db, login_manager
from ..models import User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Reload the account; inactive accounts are treated as logged out."""
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None
