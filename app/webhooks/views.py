"""The admin's webhook pages: endpoints (add, secret shown once, rotate, enable/disable, delete) and logs."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.errors import RuleError
from app.extensions import db
from app.forms import EmptyForm, refuse_change, show_rule_error
from app.webhooks import queries, services
from app.webhooks.forms import EndpointForm
from app.webhooks.models import WebhookDelivery, WebhookEndpoint


def _post_checked() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def list_endpoints():
    return render_template("webhooks/endpoints.html", endpoints=queries.endpoints())


def new_endpoint():
    form = EndpointForm()
    if form.validate_on_submit():
        try:
            endpoint = services.create_endpoint(form.url.data, form.events.data, current_user,
                                                form.description.data or "")
        except RuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            return render_template("webhooks/secret.html", endpoint=endpoint, secret=endpoint.secret, new=True)
    return render_template("webhooks/new_endpoint.html", form=form), 422 if form.errors else 200


def endpoint_detail(endpoint_id: int):
    endpoint = get_or_404(WebhookEndpoint, endpoint_id)
    log = queries.delivery_log(endpoint, request.args.get("page", 1, type=int))
    return render_template("webhooks/endpoint.html", endpoint=endpoint, log=log)


def rotate_secret(endpoint_id: int):
    endpoint = get_or_404(WebhookEndpoint, endpoint_id)
    _post_checked()
    secret = services.rotate_secret(endpoint, current_user)
    db.session.commit()
    return render_template("webhooks/secret.html", endpoint=endpoint, secret=secret, new=False)


def toggle(endpoint_id: int):
    endpoint = get_or_404(WebhookEndpoint, endpoint_id)
    _post_checked()
    services.set_active(endpoint, not endpoint.active, current_user)
    db.session.commit()
    flash(f"{endpoint.url} is {'enabled' if endpoint.active else 'disabled'}.", "success")
    return redirect(url_for(".endpoint_detail", endpoint_id=endpoint.id))


def delete(endpoint_id: int):
    endpoint = get_or_404(WebhookEndpoint, endpoint_id)
    _post_checked()
    services.delete_endpoint(endpoint, current_user)
    db.session.commit()
    flash("Endpoint deleted with its delivery log.", "success")
    return redirect(url_for(".list_endpoints"))


def delivery_detail(endpoint_id: int, delivery_id: int):
    delivery = get_or_404(WebhookDelivery, delivery_id, visible=lambda d: d.endpoint_id == endpoint_id)
    return render_template("webhooks/delivery.html", delivery=delivery, endpoint=delivery.endpoint)


def redeliver(endpoint_id: int, delivery_id: int):
    delivery = get_or_404(WebhookDelivery, delivery_id, visible=lambda d: d.endpoint_id == endpoint_id)
    _post_checked()
    try:
        services.redeliver(delivery, current_user)
    except RuleError as error:
        show_rule_error(None, error)
    else:
        db.session.commit()
        flash("Redelivery queued.", "success")
    return redirect(url_for(".delivery_detail", endpoint_id=endpoint_id, delivery_id=delivery.id))
