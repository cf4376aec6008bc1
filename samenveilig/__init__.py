"""Samenveilig: Signs of Safety network meetings, plans and family links for OCJ and SDJ."""

import os
from pathlib import Path

from flask import Flask

from . import logmask
from .config import load_config, private_folder


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, error pages, CLI."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("SAMENVEILIG_INSTANCE_PATH") or None,
        instance_relative_config=True,
    )
    private_folder(Path(app.instance_path))  # 0700 from the start: it holds the database and the key
    logmask.install()  # no link token, phone key or login code in any log line
    load_config(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import assets, audit, database, i18n, images, inputs, live, security, templating
    from .extensions import csrf, db, htmx, login_manager, migrate

    inputs.init_app(app)  # before the blueprints add their routes
    db.init_app(app)
    database.configure_engine(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True,
        compare_type=True,
        render_item=database.render_migration_type,
    )
    login_manager.init_app(app)
    images.init_app(app)  # before CSRFProtect reads the body
    csrf.init_app(app)
    htmx.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    i18n.init_app(app)
    live.init_app(app)
    assets.init_app(app)
    audit.init_app(app)  # last: the first to see each answer, which writes its read


def register_blueprints(app: Flask) -> None:
    from .accessibility import bp as accessibility_bp
    from .auth import oidc, oidc_views
    from .auth.views import bp as auth_bp
    from .cases import readonly
    from .cases.views import bp as cases_bp
    from .children.views import bp as children_bp
    from .children.views import safety_bp
    from .follow.views import bp as follow_bp
    from .health import bp as health_bp
    from .meetings import bp as meetings_bp
    from .plan.views import bp as plan_bp
    from .projector import bp as projector_bp
    from .review.views import bp as review_bp
    from .share import family, own_link
    from .share.views import bp as share_bp
    from .stories.views import bp as stories_bp

    for bp in (auth_bp, oidc_views.bp, cases_bp, children_bp, safety_bp, stories_bp, meetings_bp, projector_bp, plan_bp, review_bp, share_bp, follow_bp, family.bp, own_link.bp,
               health_bp, accessibility_bp):
        app.register_blueprint(bp)
    family.init_app(app)
    own_link.init_app(app)
    oidc.init_app(app)
    readonly.init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from .errors import register

    register(app)


def register_cli(app: Flask) -> None:
    from .cli import register

    register(app)
