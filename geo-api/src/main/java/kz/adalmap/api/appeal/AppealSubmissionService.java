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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * Submits an appeal: first its files are checked, cleaned and written to the attachment store with no
 * database connection held, then one short transaction writes the Idempotency-Key, the appeal, its
 * contact, its attachment rows and the confirmation e-mail, all or none; the timeline records the
 * citizen as the one who acted. Files whose rows did not commit are deleted when the submission ends,
 * or by the store's sweep when the process died first.
 */
@Service
public class AppealSubmissionService {

    /** Who submits: the client's address, the roles of a signed-in staff member, a bot's API token. */
    public record Caller(String clientAddress, Set<String> authorities, Optional<String> apiToken) {}

    /** The answer to a submission; {@code replayed} when an earlier submission with the same key made it. */
    public record Submitted(String trackingCode, String json, boolean replayed) {}

    /** How far from the object it is about an appeal's point may lie, in metres on the sphere. */
    static final int OBJECT_MAX_DISTANCE_M = 1000;

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
    private final TransactionTemplate transaction;
    private final Clock clock = Clock.systemUTC();

    AppealSubmissionService(
            AppealSubmissionQueries queries,
            AppealRateLimiter limiter,
            AttachmentStore store,
            Outbox outbox,
            AppealSettings settings,
            JsonMapper json,
            PlatformTransactionManager transactions) {
        this.queries = queries;
        this.limiter = limiter;
        this.store = store;
        this.outbox = outbox;
        this.settings = settings;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Submits {@code appeal} with {@code files}; with an {@code idempotencyKey} already used for the
     * same content, answers what that submission got instead of making a second appeal.
     *
     * @param trackingUrlPrefix the absolute address the tracking code is appended to
     */
    public Submitted submit(
            NewAppeal appeal,
            List<MultipartFile> files,
            Caller caller,
            String idempotencyKey,
            String trackingUrlPrefix) {
        boolean counted = checkChannel(appeal.channel(), caller);
        if (files.size() > store.maxFiles()) {
            throw AttachmentRefusedException.tooMany(store.maxFiles());
        }
        String requestSha256 = idempotencyKey == null ? null : requestSha256(appeal, files);
        if (idempotencyKey != null) {
            // a retry of a committed submission is answered without its files being processed again
            Optional<Submitted> earlier = replay(idempotencyKey, requestSha256);
            if (earlier.isPresent()) {
                return earlier.get();
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
        Integer objectLayerId = appeal.object().map(o -> objectLayer(o, appeal)).orElse(null);
        LocalDate today = LocalDate.now(clock.withZone(settings.timeZone()));
        LocalDate due = dueDate(today, category.dueWorkingDays());
        // the files first, with no connection held: re-encoding a photo takes a core for a while, and
        // a pool's worth of uploads holding connections would starve every other request of the service
        try (AttachmentStore.Uploads uploads = store.uploads()) {
            List<StoredAttachment> stored = new ArrayList<>(files.size());
            for (MultipartFile file : files) {
                try (InputStream in = file.getInputStream()) {
                    stored.add(uploads.store(file.getOriginalFilename(), in));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            // then the rows, in one short transaction; closing the uploads afterwards deletes the files
            // when it did not commit
            return transaction.execute(status -> insert(
                    appeal,
                    objectLayerId,
                    stored,
                    category,
                    region,
                    due,
                    idempotencyKey,
                    requestSha256,
                    trackingUrlPrefix));
        }
    }

    /** Writes the rows of a checked submission whose files are stored; runs in the transaction. */
    private Submitted insert(
            NewAppeal appeal,
            Integer objectLayerId,
            List<StoredAttachment> stored,
            AppealSubmissionQueries.Category category,
            AppealSubmissionQueries.RegionCheck region,
            LocalDate due,
            String idempotencyKey,
            String requestSha256,
            String trackingUrlPrefix) {
        if (idempotencyKey != null && !queries.claim(idempotencyKey, requestSha256)) {
            // a retry with the same key committed while this one stored its files
            return replay(idempotencyKey, requestSha256).orElseThrow();
        }
        // tracking codes are public on the map: rating, reopening and following a signal need this too
        String secret = newSecret();
        queries.actAs("citizen");
        String code;
        long appealId;
        while (true) {
            code = newTrackingCode();
            Optional<Long> id =
                    queries.insertAppeal(appeal, objectLayerId, code, region.regionId(), due, sha256Hex(secret));
            if (id.isPresent()) {
                appealId = id.get();
                break;
            }
        }
        appeal.contact().ifPresent(c -> queries.insertContact(appealId, c));
        int position = 1;
        for (StoredAttachment s : stored) {
            queries.insertAttachment(appealId, position++, s, "citizen");
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
        answer.put("attachments", stored.size());
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

    /**
     * The id of the layer of the object the appeal is about; 400 naming {@code object} when the layer is
     * not a public custom layer, has no published feature with the key, or the point lies farther than
     * {@link #OBJECT_MAX_DISTANCE_M} from it.
     */
    private int objectLayer(NewAppeal.AppealObject object, NewAppeal appeal) {
        AppealSubmissionQueries.ObjectCheck check =
                queries.object(object.layer(), object.key(), appeal.lon(), appeal.lat());
        String layer = QueryParameters.abbreviate(object.layer());
        if (check.layerId() == null) {
            throw InvalidParameterException.of(
                    "object", "there is no public layer defined as data with the code '" + layer + "'");
        }
        if (check.distanceM() == null) {
            throw InvalidParameterException.of(
                    "object",
                    "the layer '" + layer + "' has no published object with the key '"
                            + QueryParameters.abbreviate(object.key()) + "'");
        }
        if (check.distanceM() > OBJECT_MAX_DISTANCE_M) {
            throw InvalidParameterException.of(
                    "object",
                    String.format(
                            Locale.ROOT,
                            "the point lies %.0f m from the object; an appeal about an object is placed within %d m"
                                    + " of it",
                            check.distanceM(),
                            OBJECT_MAX_DISTANCE_M));
        }
        return check.layerId();
    }

    /** What the committed submission with {@code key} got, if there is one; 409 when it sent something else. */
    private Optional<Submitted> replay(String key, String requestSha256) {
        return queries.earlier(key).map(earlier -> {
            if (!earlier.requestSha256().equals(requestSha256)) {
                throw AppealRefusedException.idempotencyKeyReused();
            }
            return new Submitted(
                    json.readTree(earlier.response()).get("tracking_code").asString(), earlier.response(), true);
        });
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
