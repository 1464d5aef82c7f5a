package kz.adalmap.api.appeal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kz.adalmap.api.attachment.AttachmentRefusedException;
import kz.adalmap.api.attachment.AttachmentStore;
import kz.adalmap.api.audit.AuditLog;
import kz.adalmap.api.common.web.HourlyLimit;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.outbox.Outbox;
import kz.adalmap.api.security.StaffUser;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The life of an appeal after submission. Each step runs in one transaction that locks the appeal,
 * checks the step is allowed from its status for the one who takes it, changes it, records the step in
 * the audit log and on the public timeline (with the role that acted and the public reason), and queues
 * the citizen's notice in their language; all of it is kept or none is.
 *
 * <p>Moderators (and administrators) review, route, reject, merge, close and edit the public text; the
 * officials of the agency an appeal is routed to take it into work and answer it; the citizen, with the
 * tracking secret, rates the answer once and reopens the appeal once.
 */
@Service
class AppealWorkflowService {

    static final List<String> OPEN = List.of("new", "under_review", "routed", "in_progress");
    static final int MAX_REASON = 2000;
    static final int MAX_TEXT = 5000;

    private final AppealWorkflowQueries queries;
    private final AppealSubmissionQueries submission;
    private final AttachmentStore store;
    private final Outbox outbox;
    private final AuditLog audit;
    private final AppealSettings settings;
    private final SupporterHash supporters;
    private final HourlyLimit supportLimit;
    private final JsonMapper json;

    AppealWorkflowService(
            AppealWorkflowQueries queries,
            AppealSubmissionQueries submission,
            AttachmentStore store,
            Outbox outbox,
            AuditLog audit,
            AppealSettings settings,
            SupporterHash supporters,
            JsonMapper json) {
        this.queries = queries;
        this.submission = submission;
        this.store = store;
        this.outbox = outbox;
        this.audit = audit;
        this.settings = settings;
        this.supporters = supporters;
        this.supportLimit = new HourlyLimit(settings.supportsPerPersonPerHour());
        this.json = json;
    }

    @Transactional(readOnly = true)
    String queue(StaffUser user, AppealWorkflowQueries.QueueFilter filter) {
        return queries.queue(filter, viewer(user));
    }

    /** The appeal with everything the staff need, and {@code actions}: the steps this user may take now. */
    @Transactional(readOnly = true)
    String detail(StaffUser user, String code) {
        String detail =
                queries.detail(code, viewer(user)).orElseThrow(() -> AppealNotFoundException.forTrackingCode(code));
        ObjectNode node = (ObjectNode) json.readTree(detail);
        List<String> actions = new ArrayList<>();
        String status = node.get("status").asString();
        String agency = node.path("agency").path("code").asString(null);
        if (moderates(user)) {
            if (status.equals("new")) {
                actions.add("review");
            }
            if (status.equals("new") || status.equals("under_review")) {
                actions.add("route");
                actions.add("reject");
            }
            if (OPEN.contains(status)) {
                actions.add("merge");
            }
            if (status.equals("answered")) {
                actions.add("resolve");
            }
            actions.add("public_text");
        }
        if (answersFor(user, agency)) {
            if (status.equals("routed")) {
                actions.add("start");
            }
            if (status.equals("routed") || status.equals("in_progress")) {
                actions.add("answer");
            }
        }
        node.putPOJO("actions", actions);
        return json.writeValueAsString(node);
    }

    @Transactional(readOnly = true)
    AppealSubmissionQueries.PublicFile file(StaffUser user, String code, int n) {
        if (!queries.visible(code, viewer(user))) {
            throw AppealNotFoundException.forAttachment(code, n);
        }
        return queries.file(code, n).orElseThrow(() -> AppealNotFoundException.forAttachment(code, n));
    }

    /** new → under_review (moderator). */
    @Transactional
    void review(StaffUser user, String code) {
        AppealWorkflowQueries.Current a = moderated(user, code, "taken under review", List.of("new"));
        change("moderator", user, a, "under_review", null, Map.of());
    }

    /** new or under_review → routed to {@code agencyCode}; the due date of the submission stays (moderator). */
    @Transactional
    void route(StaffUser user, String code, String agencyCode, String reason) {
        AppealWorkflowQueries.Current a = moderated(user, code, "routed", List.of("new", "under_review"));
        if (agencyCode == null || agencyCode.isBlank()) {
            throw InvalidParameterException.of("agency", "required: the code of the agency that answers the appeal");
        }
        int agencyId = queries.agencyId(agencyCode)
                .orElseThrow(() -> InvalidParameterException.of(
                        "agency", "no agency has the code '" + abbreviate(agencyCode) + "'"));
        submission.actAs("moderator");
        queries.route(a.id(), agencyId, reason(reason, false));
        done(user, a, "routed", reason(reason, false), Map.of("agency", agencyCode));
    }

    /** new or under_review → rejected, with the reason the public reads (moderator). */
    @Transactional
    void reject(StaffUser user, String code, String reason) {
        AppealWorkflowQueries.Current a = moderated(user, code, "rejected", List.of("new", "under_review"));
        change("moderator", user, a, "rejected", reason(reason, true), Map.of());
    }

    /**
     * An open appeal → merged into {@code targetCode}, which must be another appeal of the same kind
     * (public or a signal) that is not merged itself; its supporters support the target from now on.
     */
    @Transactional
    void merge(StaffUser user, String code, String targetCode, String reason) {
        if (targetCode != null && !targetCode.isBlank()) {
            queries.lockInOrder(code, targetCode.strip());
        }
        AppealWorkflowQueries.Current a = moderated(user, code, "merged", OPEN);
        if (targetCode == null || targetCode.isBlank()) {
            throw InvalidParameterException.of("into", "required: the tracking code of the appeal to merge into");
        }
        if (targetCode.strip().equals(a.code())) {
            throw InvalidParameterException.of("into", "an appeal cannot be merged into itself");
        }
        AppealWorkflowQueries.Current target = queries.lock(targetCode.strip())
                .orElseThrow(() -> InvalidParameterException.of(
                        "into", "no appeal has the tracking code '" + abbreviate(targetCode) + "'"));
        if (target.status().equals("merged")) {
            throw AppealActionRefusedException.mergeTarget(target.code(), "it is merged into another appeal itself");
        }
        if (target.isPublic() != a.isPublic()) {
            throw AppealActionRefusedException.mergeTarget(
                    target.code(),
                    "a corruption signal merges only with a signal, a public appeal only with a public one");
        }
        submission.actAs("moderator");
        queries.merge(a.id(), target.id(), reason(reason, false));
        done(user, a, "merged", reason(reason, false), Map.of("into", target.code()));
    }

    /** routed → in_progress (an official of the agency). */
    @Transactional
    void start(StaffUser user, String code) {
        AppealWorkflowQueries.Current a = answered(user, code, "taken into work", List.of("routed"));
        change("official", user, a, "in_progress", null, Map.of());
    }

    /**
     * routed or in_progress → answered with {@code text} and the agency's {@code files}, which are public
     * with the answer (an official of the agency).
     */
    @Transactional
    void answer(StaffUser user, String code, String text, List<MultipartFile> files) {
        AppealWorkflowQueries.Current a = answered(user, code, "answered", List.of("routed", "in_progress"));
        if (text == null || text.isBlank()) {
            throw InvalidParameterException.of("text", "required: the agency's answer, 1 to 5000 characters");
        }
        if (text.strip().codePointCount(0, text.strip().length()) > MAX_TEXT) {
            throw InvalidParameterException.of("text", "is longer than " + MAX_TEXT + " characters");
        }
        if (files.size() > store.maxFiles()) {
            throw AttachmentRefusedException.tooMany(store.maxFiles());
        }
        AttachmentStore.Uploads uploads = store.uploadsOfThisTransaction();
        for (MultipartFile file : files) {
            try (InputStream in = file.getInputStream()) {
                submission.insertAttachment(
                        a.id(),
                        queries.nextAttachmentPosition(a.id()),
                        uploads.store(file.getOriginalFilename(), in),
                        "agency");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        submission.actAs("official");
        queries.answer(a.id(), text.strip());
        done(user, a, "answered", null, Map.of("files", files.size()));
    }

    /** answered → resolved: the moderator closes the appeal. */
    @Transactional
    void resolve(StaffUser user, String code, String reason) {
        AppealWorkflowQueries.Current a = moderated(user, code, "closed as resolved", List.of("answered"));
        change("moderator", user, a, "resolved", reason(reason, false), Map.of());
    }

    /** Replaces the masked public text, which the submission filled automatically (moderator). */
    @Transactional
    void publicText(StaffUser user, String code, String text) {
        AppealWorkflowQueries.Current a = visible(user, code);
        if (!moderates(user)) {
            throw AppealActionRefusedException.notYourRole("edit the public text of", "a moderator");
        }
        if (text == null || text.isBlank()) {
            throw InvalidParameterException.of("public_text", "required: 1 to 5000 characters");
        }
        if (text.strip().codePointCount(0, text.strip().length()) > MAX_TEXT) {
            throw InvalidParameterException.of("public_text", "is longer than " + MAX_TEXT + " characters");
        }
        queries.publicText(a.id(), text.strip());
        audit.record(user.getUsername(), "appeal.public_text", "appeal", a.code(), Map.of());
    }

    /** The citizen rates the answer once, 1 to 5; 4 or 5 closes an answered appeal as resolved. */
    @Transactional
    void rate(String code, String secret, int rating) {
        AppealWorkflowQueries.Current a = citizens(code, secret);
        if (rating < 1 || rating > 5) {
            throw InvalidParameterException.of("rating", "must be a whole number from 1 to 5");
        }
        if (!List.of("answered", "resolved").contains(a.status())) {
            throw AppealActionRefusedException.wrongStatus(
                    a.code(), a.status(), "rated", List.of("answered", "resolved"));
        }
        if (a.rated()) {
            throw AppealActionRefusedException.alreadyRated(a.code());
        }
        queries.rate(a.id(), rating);
        audit.record("citizen", "appeal.rate", "appeal", a.code(), Map.of("rating", rating));
        if (rating >= 4 && a.status().equals("answered")) {
            submission.actAs("citizen");
            queries.setStatus(a.id(), "resolved", null);
            notice(a, "resolved", null);
        }
    }

    /** The citizen reopens an answered appeal once: back in work with the same agency and a new due date. */
    @Transactional
    void reopen(String code, String secret, String reason) {
        AppealWorkflowQueries.Current a = citizens(code, secret);
        String why = reason(reason, true);
        if (!a.status().equals("answered")) {
            throw AppealActionRefusedException.wrongStatus(a.code(), a.status(), "reopened", List.of("answered"));
        }
        if (a.reopened()) {
            throw AppealActionRefusedException.alreadyReopened(a.code());
        }
        LocalDate today = LocalDate.now(settings.timeZone());
        // the longest due period is 30 working days, which always fits in 90 calendar days
        LocalDate due = submission.calendar(today, today.plusDays(90)).addWorkingDays(today, a.dueWorkingDays());
        submission.actAs("citizen");
        queries.reopen(a.id(), why, due);
        audit.record("citizen", "appeal.reopen", "appeal", a.code(), Map.of("due_date", due.toString()));
        notice(a, "in_progress", why);
    }

    /**
     * "Me too" from the person at {@code clientAddress}: once per appeal, a limited number an hour, only
     * for a public appeal that is not rejected or merged. Returns the new support count.
     */
    @Transactional
    int support(String code, String clientAddress) {
        AppealWorkflowQueries.Current a = queries.lock(code)
                .filter(AppealWorkflowQueries.Current::isPublic)
                .orElseThrow(() -> AppealNotFoundException.forTrackingCode(code));
        if (a.status().equals("rejected") || a.status().equals("merged")) {
            throw AppealActionRefusedException.closed(a.code(), a.status());
        }
        String person = supporters.of(clientAddress);
        if (queries.supported(a.id(), person)) {
            throw AppealActionRefusedException.alreadySupported(a.code());
        }
        supportLimit.acquire(person).ifPresent(wait -> {
            throw AppealActionRefusedException.tooManySupports(supportLimit.limit(), wait);
        });
        return queries.support(a.id(), person).orElseThrow(() -> AppealActionRefusedException.alreadySupported(code));
    }

    private AppealWorkflowQueries.Current moderated(StaffUser user, String code, String action, List<String> from) {
        AppealWorkflowQueries.Current a = visible(user, code);
        if (!moderates(user)) {
            throw AppealActionRefusedException.notYourRole("have " + action, "a moderator");
        }
        if (!from.contains(a.status())) {
            throw AppealActionRefusedException.wrongStatus(a.code(), a.status(), action, from);
        }
        return a;
    }

    private AppealWorkflowQueries.Current answered(StaffUser user, String code, String action, List<String> from) {
        AppealWorkflowQueries.Current a = visible(user, code);
        if (!answersFor(user, a.agencyCode())) {
            throw AppealActionRefusedException.notYourRole(
                    "have " + action, "an official of the agency the appeal is routed to");
        }
        if (!from.contains(a.status())) {
            throw AppealActionRefusedException.wrongStatus(a.code(), a.status(), action, from);
        }
        return a;
    }

    /** The appeal locked, or 404 when this user may not see it (exactly as when it does not exist). */
    private AppealWorkflowQueries.Current visible(StaffUser user, String code) {
        if (!queries.visible(code, viewer(user))) {
            throw AppealNotFoundException.forTrackingCode(code);
        }
        return queries.lock(code).orElseThrow(() -> AppealNotFoundException.forTrackingCode(code));
    }

    /** The appeal locked, when {@code secret} is its tracking secret; a signal without it does not exist. */
    private AppealWorkflowQueries.Current citizens(String code, String secret) {
        AppealWorkflowQueries.Current a =
                queries.lock(code).orElseThrow(() -> AppealNotFoundException.forTrackingCode(code));
        if (!AppealTrackingController.secretMatches(secret, a.secretSha256())) {
            if (!a.isPublic()) {
                throw AppealNotFoundException.forTrackingCode(code);
            }
            throw AppealActionRefusedException.wrongSecret(a.code());
        }
        return a;
    }

    /** Changes the status, recording the role that acted, and does what every status change does. */
    private void change(
            String role,
            StaffUser user,
            AppealWorkflowQueries.Current a,
            String status,
            String reason,
            Map<String, ?> details) {
        submission.actAs(role);
        queries.setStatus(a.id(), status, reason);
        done(user, a, status, reason, details);
    }

    private void done(
            StaffUser user, AppealWorkflowQueries.Current a, String status, String reason, Map<String, ?> details) {
        Map<String, Object> facts = new LinkedHashMap<>(details);
        facts.put("from", a.status());
        facts.put("to", status);
        audit.record(user.getUsername(), "appeal." + status, "appeal", a.code(), facts);
        notice(a, status, reason);
    }

    /** Queues the citizen's notice: by e-mail if they gave one, else by SMS, else none. */
    private void notice(AppealWorkflowQueries.Current a, String status, String reason) {
        if (a.email() != null) {
            AppealTexts.Mail mail = AppealTexts.statusNotice(a.language(), a.code(), status, reason);
            outbox.queueEmail(a.email(), mail.subject(), mail.body());
        } else if (a.phone() != null) {
            outbox.queueSms(a.phone(), AppealTexts.sms(a.language(), a.code(), status, reason));
        }
    }

    static AppealWorkflowQueries.Viewer viewer(StaffUser user) {
        boolean moderator = user.roles().contains("moderator");
        return new AppealWorkflowQueries.Viewer(
                moderator || user.roles().contains("admin"),
                moderator,
                user.roles().contains("agency_official") ? user.agencyCode() : null);
    }

    private static boolean moderates(StaffUser user) {
        return user.roles().contains("moderator") || user.roles().contains("admin");
    }

    private static boolean answersFor(StaffUser user, String agencyCode) {
        return agencyCode != null && user.roles().contains("agency_official") && agencyCode.equals(user.agencyCode());
    }

    private static String reason(String reason, boolean required) {
        if (reason == null || reason.isBlank()) {
            if (required) {
                throw InvalidParameterException.of("reason", "required: why, in words the public reads");
            }
            return null;
        }
        String r = reason.strip();
        if (r.codePointCount(0, r.length()) > MAX_REASON) {
            throw InvalidParameterException.of("reason", "is longer than " + MAX_REASON + " characters");
        }
        return r;
    }

    private static String abbreviate(String s) {
        return kz.adalmap.api.common.web.QueryParameters.abbreviate(s);
    }
}
