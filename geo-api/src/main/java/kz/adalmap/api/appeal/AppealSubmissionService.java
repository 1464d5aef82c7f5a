package kz.adalmap.api.appeal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kz.adalmap.api.attachment.AttachmentRefusedException;
import kz.adalmap.api.attachment.AttachmentStore;
import kz.adalmap.api.attachment.StoredAttachment;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.common.web.QueryParameters;
import kz.adalmap.api.outbox.Outbox;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submits an appeal in one transaction: the Idempotency-Key, the appeal, its contact, its files and
 * the confirmation e-mail are all written or none is; the timeline records the citizen as the one who
 * acted (files written to disk are removed again by the
 * attachment store when the transaction rolls back).
 */
@Service
class AppealSubmissionService {

    /** Who submits: the client's address, the roles of a signed-in staff member, a bot's API token. */
    record Caller(String clientAddress, Set<String> authorities, Optional<String> apiToken) {}

    /** The answer to a submission; {@code replayed} when an earlier submission with the same key made it. */
    record Submitted(String trackingCode, String json, boolean replayed) {}

    private static final Set<String> OFFICE_ROLES = Set.of("ROLE_MODERATOR", "ROLE_ADMIN");
    // no 0/O and 1/I: a code read out on the phone is not misheard
    private static final char[] CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
    // the longest due period is 30 working days (appeal_category), which always fits in 90 calendar days
    private static final int CALENDAR_LOOKAHEAD_DAYS = 90;

    private final SecureRandom random = new SecureRandom();
    private final AppealSubmissionQueries queries;
    private final AppealRateLimiter limiter;
    private final AttachmentStore store;
    private final Outbox outbox;
    private final AppealSettings settings;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    AppealSubmissionService(
            AppealSubmissionQueries queries,
            AppealRateLimiter limiter,
            AttachmentStore store,
            Outbox outbox,
            AppealSettings settings,
            JsonMapper json) {
        this.queries = queries;
        this.limiter = limiter;
        this.store = store;
        this.outbox = outbox;
        this.settings = settings;
        this.json = json;
    }

    /**
     * Submits {@code appeal} with {@code files}; with an {@code idempotencyKey} already used for the
     * same content, answers what that submission got instead of making a second appeal.
     *
     * @param trackingUrlPrefix the absolute address the tracking code is appended to
     */
    @Transactional
    Submitted submit(
            NewAppeal appeal,
            List<MultipartFile> files,
            Caller caller,
            String idempotencyKey,
            String trackingUrlPrefix) {
        boolean counted = checkChannel(appeal.channel(), caller);
        if (files.size() > store.maxFiles()) {
            throw AttachmentRefusedException.tooMany(store.maxFiles());
        }
        if (idempotencyKey != null) {
            String requestSha256 = requestSha256(appeal, files);
            if (!queries.claim(idempotencyKey, requestSha256)) {
                AppealSubmissionQueries.Earlier earlier = queries.earlier(idempotencyKey);
                if (!earlier.requestSha256().equals(requestSha256)) {
                    throw AppealRefusedException.idempotencyKeyReused();
                }
                return new Submitted(
                        json.readTree(earlier.response()).get("tracking_code").asString(), earlier.response(), true);
            }
        }
        if (counted) {
            limiter.acquire(caller.clientAddress());
        }
        AppealSubmissionQueries.Category category = queries.category(appeal.category())
                .orElseThrow(() -> InvalidParameterException.of(
                        "category",
                        "unknown category '" + QueryParameters.abbreviate(appeal.category()) + "'; use one of "
                                + queries.categoryCodes()));
        AppealSubmissionQueries.RegionCheck region = queries.region(appeal.lon(), appeal.lat());
        if (region.regionsLoaded() && region.regionId() == null) {
            throw InvalidParameterException.of(
                    "location",
                    "lon " + appeal.lon() + ", lat " + appeal.lat() + " is not inside any region of Kazakhstan");
        }
        LocalDate today = LocalDate.now(clock.withZone(settings.timeZone()));
        LocalDate due = dueDate(today, category.dueWorkingDays());
        // tracking codes are public on the map: rating, reopening and following a signal need this too
        String secret = newSecret();
        queries.actAs("citizen");
        String code;
        long appealId;
        while (true) {
            code = newTrackingCode();
            Optional<Long> id = queries.insertAppeal(appeal, code, region.regionId(), due, sha256Hex(secret));
            if (id.isPresent()) {
                appealId = id.get();
                break;
            }
        }
        appeal.contact().ifPresent(c -> queries.insertContact(appealId, c));
        int position = 1;
        for (MultipartFile file : files) {
            StoredAttachment stored;
            try (InputStream in = file.getInputStream()) {
                stored = store.store(file.getOriginalFilename(), in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            queries.insertAttachment(appealId, position++, stored);
        }
        String email = appeal.contact().map(NewAppeal.Contact::email).orElse(null);
        if (email != null) {
            AppealTexts.Mail mail = AppealTexts.confirmation(appeal.language(), code, due);
            outbox.queueEmail(email, mail.subject(), mail.body());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tracking_code", code);
        answer.put("status", "new");
        answer.put("category", appeal.category());
        answer.put("due_date", due.toString());
        answer.put("tracking_url", trackingUrlPrefix + code);
        answer.put("attachments", files.size());
        answer.put("tracking_secret", secret);
        answer.put(
                "tracking_secret_note",
                category.isPublic()
                        ? "Keep this secret: rating the answer and reopening the appeal need it, sent in the"
                                + " X-Appeal-Secret header. It is not shown again."
                        : "Keep this secret: a corruption signal can be followed, rated and reopened only with it,"
                                + " sent in the X-Appeal-Secret header. It is not shown again.");
        String response = json.writeValueAsString(answer);
        if (idempotencyKey != null) {
            queries.complete(idempotencyKey, appealId, response);
        }
        return new Submitted(code, response, false);
    }

    /** The due date of an appeal submitted on {@code submitted}, {@code workingDays} working days later. */
    LocalDate dueDate(LocalDate submitted, int workingDays) {
        return queries.calendar(submitted, submitted.plusDays(CALENDAR_LOOKAHEAD_DAYS))
                .addWorkingDays(submitted, workingDays);
    }

    /** Checks the caller may use {@code channel}; true when the submission counts against the address's limit. */
    private boolean checkChannel(String channel, Caller caller) {
        Optional<String> tokenChannel = caller.apiToken()
                .map(t -> queries.tokenChannel(sha256Hex(t)).orElseThrow(AppealRefusedException::unknownToken));
        boolean staff = caller.authorities().stream().anyMatch(OFFICE_ROLES::contains);
        switch (channel) {
            case "messenger":
                if (tokenChannel.filter("messenger"::equals).isEmpty()) {
                    throw AppealRefusedException.channelNotAllowed(channel, "a messenger bot with its API token");
                }
                return false;
            case "call_centre", "office":
                if (!staff) {
                    throw AppealRefusedException.channelNotAllowed(
                            channel, "a signed-in moderator or administrator who takes the appeal down");
                }
                return false;
            default:
                return !staff && tokenChannel.isEmpty();
        }
    }

    private String requestSha256(NewAppeal appeal, List<MultipartFile> files) {
        MessageDigest digest = sha256();
        digest.update(appeal.fingerprint().getBytes(StandardCharsets.UTF_8));
        for (MultipartFile file : files) {
            digest.update((byte) 0);
            try (InputStream in = file.getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private String newTrackingCode() {
        StringBuilder code = new StringBuilder("AM-");
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                code.append('-');
            }
            code.append(CODE_ALPHABET[random.nextInt(CODE_ALPHABET.length)]);
        }
        return code.toString();
    }

    /** 256 random bits, URL-safe. */
    private String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
