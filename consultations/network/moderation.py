"""The moderation of citizens' consultations with Wagtail's own workflows.

Migration 0002 creates the group « Modérateurs AimPact » (admin access), the task (`ModerationTask`, moderated by
that group) and the workflow « Modération des consultations citoyennes ». `ensure_moderation(index)` (run when a
proposal is made, and by the demo) makes sure they exist and that the workflow is assigned to the national
consultations index, where the group may edit pages (not publish them: a page only goes live through the
workflow's approval, so that every publication has its decision in the audit).

A moderator acts in Wagtail's admin (the page's action menu, or the dashboard's « awaiting your review »):

- **approve**: Wagtail approves the task, the workflow finishes and publishes the page (on the wall);
- **request changes** (a message is required): the task is rejected, the workflow waits for changes; the citizen
  edits and resubmits from their account (`services.resubmit`), which resumes it;
- **reject** (a reason is required): the task is rejected and the workflow cancelled; the proposal ends.

Each decision is kept (`ModerationDecision`, and Wagtail's log: `wagtail.workflow.approve/reject`, plus
`network.proposal.reject` for a refusal), and the citizen gets an email, sent by Celery once the decision is
committed. Two moderators deciding at once: the task state is locked, the second one is refused.
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import GroupPagePermission, TaskState, Workflow, WorkflowPage, WorkflowState, WorkflowTask
from wagtail.signals import workflow_approved

from cms.queue import enqueue

from .models import ModerationDecision, ModerationTask, Proposal, ProposalState

OPENING_GRACE = datetime.timedelta(days=1)  # a proposal starting today opens at midnight: approved the same day, kept

MODERATORS_GROUP = "Modérateurs AimPact"
WORKFLOW_NAME = "Modération des consultations citoyennes"
TASK_NAME = "Modération par l'équipe AimPact"


def moderators_group():
    group, created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    if created:
        # What migration network 0002 and 0003 give it: the admin, and the moderation of citizens' comments.
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
            Permission.objects.get(content_type__app_label="citizen_comments", codename="moderate_comment"),
        )
    return group


def ensure_moderation(index):
    """The moderation workflow, created if missing and assigned to `index` (the national consultations index);
    the moderators' group may edit the pages below it."""
    group = moderators_group()
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    task = ModerationTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = ModerationTask.objects.create(name=TASK_NAME, active=True)
        task.groups.add(group)
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=index.page_ptr, defaults={"workflow": workflow})
    permission = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    GroupPagePermission.objects.get_or_create(group=group, page=index.page_ptr, permission=permission)
    return workflow


def is_moderator(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists())


def _approve(task_state, workflow_state, user, comment, proposal=None):
    """Approve the task; at the workflow's last task, finish it by publishing the latest revision.

    Wagtail's own finish (`publish_workflow_state`) publishes as the approving user, which requires the publish
    permission: the moderators do not hold it (nothing goes live on the national index except through this
    approval, with its decision in the audit), so the approval itself is the permission here."""
    task_state.approve(user=user, comment=comment, update=False)
    workflow_state.refresh_from_db()
    if workflow_state.get_next_task() is not None:
        workflow_state.update(user=user)
        return
    workflow_state.status = WorkflowState.STATUS_APPROVED
    workflow_state.save()
    revision = workflow_state.content_object.get_latest_revision()
    if proposal is not None:
        # Approved after its opening date: it opens now, for the whole duration the citizen asked for.
        page = revision.as_object()
        now = timezone.now()
        if page.opens_at < now - OPENING_GRACE:
            page.opens_at, page.closes_at = now, now + (page.closes_at - page.opens_at)
            revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user, skip_permission_checks=True)
    workflow_approved.send(sender=WorkflowState, instance=workflow_state, user=user)


ACTION_DECISIONS = {
    "approve": ModerationDecision.Action.APPROVE,
    "request_changes": ModerationDecision.Action.REQUEST_CHANGES,
    "reject": ModerationDecision.Action.REJECT,
}


def perform_action(task, task_state, user, action_name, comment=""):
    """Carry out a moderator's action on the task state (see the module); returns None (Wagtail's redirect)."""
    if action_name not in {name for name, _label, _modal in task.get_actions(None, user)}:
        raise PermissionDenied
    comment = (comment or "").strip()
    if action_name in ("request_changes", "reject") and not comment:
        raise PermissionDenied("A message is required")
    with transaction.atomic():
        # Lock the task state: a second moderator acting at the same time waits, then finds it decided.
        task_state = TaskState.objects.select_for_update().get(pk=task_state.pk).specific
        if task_state.status != TaskState.STATUS_IN_PROGRESS:
            raise PermissionDenied
        workflow_state = task_state.workflow_state
        proposal = Proposal.objects.select_for_update().filter(page_id=workflow_state.object_id).first()
        if (proposal is not None and proposal.author_id == user.pk) or (
            not user.is_superuser and workflow_state.requested_by_id == user.pk
        ):
            # A moderator who proposed a consultation as a citizen, or who edited one and sent it to moderation,
            # does not publish it on their own say-so: another moderator decides.
            raise PermissionDenied
        if action_name == "approve":
            _approve(task_state, workflow_state, user, comment, proposal)
        else:
            task_state.reject(user=user, comment=comment)
            if action_name == "reject":
                workflow_state.refresh_from_db()
                workflow_state.cancel(user=user)
                log(
                    instance=proposal.page.specific if proposal else workflow_state.content_object,
                    action="network.proposal.reject",
                    user=user,
                    data={"reason": comment},
                )
        if proposal is None:
            return None
        proposal.state = {
            "approve": ProposalState.APPROVED,
            "request_changes": ProposalState.CHANGES_REQUESTED,
            "reject": ProposalState.REJECTED,
        }[action_name]
        proposal.moderator_message = comment
        proposal.save(update_fields=["state", "moderator_message", "updated_at"])
        decision = ModerationDecision.objects.create(
            proposal=proposal, moderator=user, action=ACTION_DECISIONS[action_name], reason=comment
        )
        transaction.on_commit(lambda: enqueue("network.send_decision_email", decision.pk, if_unavailable="skip"))
    return None
