package kz.adalmap.api.budget;

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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import kz.adalmap.api.attachment.AttachmentRefusedException;
import kz.adalmap.api.attachment.AttachmentStore;
import kz.adalmap.api.attachment.AttachmentType;
import kz.adalmap.api.attachment.StoredAttachment;
import kz.adalmap.api.audit.AuditLog;
import kz.adalmap.api.common.web.ContactAddress;
import kz.adalmap.api.common.web.HourlyLimit;
import kz.adalmap.api.common.web.InvalidParameterException;
import kz.adalmap.api.outbox.Outbox;
import kz.adalmap.api.outbox.Recipients;
import kz.adalmap.api.security.StaffUser;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules of a participatory-budget cycle: who may set it up and review it (administrators, and
 * reviewers of the district's region), what each phase allows, one ballot per verified resident, results
 * within the cap and milestones of the winners. Each step is one short transaction, audited when staff act.
 */
@Service
class BudgetService {

    /** What a submitted proposal's answer is; {@code replayed} when an earlier submission with its key made it. */
    record Submitted(long id, String json, boolean replayed) {}

    /** A confirmation code on its way: where to (masked), until when. */
    record Sent(UUID id, String channel, String sentTo, int validMinutes) {}

    private final SecureRandom random = new SecureRandom();
    private final BudgetQueries queries;
    private final AttachmentStore store;
    private final Outbox outbox;
    private final AuditLog audit;
    private final VoterHash hash;
    private final BudgetSettings settings;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final HourlyLimit proposalLimit;
    private final HourlyLimit verificationLimit;
    private final Clock clock = Clock.systemUTC();

    BudgetService(
            BudgetQueries queries,
            AttachmentStore store,
            Outbox outbox,
            AuditLog audit,
            VoterHash hash,
            BudgetSettings settings,
            JsonMapper json,
            PlatformTransactionManager transactions) {
        this.queries = queries;
        this.store = store;
        this.outbox = outbox;
        this.audit = audit;
        this.hash = hash;
        this.settings = settings;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
        this.proposalLimit = new HourlyLimit(settings.proposalsPerClientPerHour());
        this.verificationLimit = new HourlyLimit(settings.verificationsPerClientPerHour());
    }

    /** Today in Kazakhstan: the day that decides every cycle's phase. */
    LocalDate today() {
        return LocalDate.now(clock.withZone(settings.timeZone()));
    }

    BudgetQueries.Cycle cycle(long id) {
        return queries.cycle(id, today()).orElseThrow(() -> BudgetNotFoundException.cycle(id));
    }

    /** Creates a cycle in district {@code districtKato}; returns its id. */
    int createCycle(StaffUser user, String districtKato, BudgetQueries.CycleFields fields) {
        return transaction.execute(status -> {
            int district =
                    queries.district(districtKato).orElseThrow(() -> BudgetNotFoundException.district(districtKato));
            String region = regionOfDistrict(districtKato);
            checkReviewer(user, region);
            int id = queries.insertCycle(district, fields)
                    .orElseThrow(() -> BudgetRefusedException.cycleExists(districtKato, fields.year()));
            audit.record(
                    user.getUsername(),
                    "budget_cycle_created",
                    "budget_cycle",
                    String.valueOf(id),
                    Map.of("district", districtKato, "year", fields.year(), "cap_tenge", fields.capTenge()));
            return id;
        });
    }

    /** Changes the cap, choices and dates of a cycle; its district stays. */
    void updateCycle(StaffUser user, long id, BudgetQueries.CycleFields fields) {
        transaction.executeWithoutResult(status -> {
            BudgetQueries.Cycle c = cycle(id);
            checkReviewer(user, c.regionKato());
            try {
                queries.updateCycle(id, fields);
            } catch (org.springframework.dao.DuplicateKeyException e) {
                throw BudgetRefusedException.cycleExists(c.districtKato(), fields.year());
            }
            audit.record(
                    user.getUsername(),
                    "budget_cycle_changed",
                    "budget_cycle",
                    String.valueOf(id),
                    Map.of(
                            "year",
                            fields.year(),
                            "cap_tenge",
                            fields.capTenge(),
                            "voting_start",
                            fields.votingStart().toString()));
        });
    }

    private String regionOfDistrict(String districtKato) {
        return queries.regionOfDistrict(districtKato);
    }

    /**
     * Submits a proposal to cycle {@code cycleId} during its proposals phase. Photos are checked and
     * written with no connection held; the rows follow in one short transaction; a retry with the same
     * Idempotency-Key and content gets the first answer.
     */
    Submitted propose(long cycleId, NewProposal p, List<MultipartFile> photos, String client, String key) {
        BudgetQueries.Cycle c = cycle(cycleId);
        if (photos.size() > store.maxFiles()) {
            throw AttachmentRefusedException.tooMany(store.maxFiles());
        }
        String requestSha256 = key == null ? null : requestSha256(cycleId, p, photos);
        if (key != null) {
            Optional<Submitted> earlier = replay(key, requestSha256);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        inPhase(c, "proposals", "Proposals are accepted");
        if (p.costTenge() > c.capTenge()) {
            throw InvalidParameterException.of(
                    "cost_tenge",
                    "the cost " + p.costTenge() + " tenge is more than the district's budget for the cycle, "
                            + c.capTenge() + " tenge");
        }
        BudgetQueries.Placement place;
        try {
            place = queries.placement(c.districtId(), p.geometry());
        } catch (DataAccessException e) {
            throw InvalidParameterException.of("geometry", "PostGIS could not read it as a GeoJSON geometry");
        }
        if (!place.valid()) {
            throw InvalidParameterException.of(
                    "geometry", "the polygon is not valid (it crosses itself or is not closed)");
        }
        if (!place.hasBoundary()) {
            throw BudgetRefusedException.noBoundary(c.districtKato());
        }
        if (!place.inside()) {
            throw InvalidParameterException.of(
                    "geometry", "the place is not inside district " + c.districtKato() + " of this cycle");
        }
        proposalLimit.acquire(client).ifPresent(wait -> {
            throw BudgetRefusedException.tooMany("proposals", proposalLimit.limit(), wait);
        });
        try (AttachmentStore.Uploads uploads = store.uploads()) {
            List<StoredAttachment> stored = storePhotos(uploads, photos);
            return transaction.execute(status -> {
                if (key != null && !queries.claim(key, requestSha256)) {
                    return replay(key, requestSha256).orElseThrow();
                }
                long id = queries.insertProposal(c.id(), p);
                p.contact().ifPresent(contact -> queries.insertContact(id, contact));
                int position = 1;
                for (StoredAttachment s : stored) {
                    queries.insertPhoto(id, null, position++, s);
                }
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("id", id);
                answer.put("cycle_id", c.id());
                answer.put("status", "submitted");
                answer.put("photos", stored.size());
                String response = json.writeValueAsString(answer);
                if (key != null) {
                    queries.complete(key, id, response);
                }
                return new Submitted(id, response, false);
            });
        }
    }

    private List<StoredAttachment> storePhotos(AttachmentStore.Uploads uploads, List<MultipartFile> photos) {
        List<StoredAttachment> stored = new ArrayList<>(photos.size());
        for (MultipartFile file : photos) {
            try (InputStream in = file.getInputStream()) {
                StoredAttachment s = uploads.store(file.getOriginalFilename(), in);
                if (s.type().kind() != AttachmentType.Kind.PHOTO) {
                    throw InvalidParameterException.of(
                            "photos", "'" + file.getOriginalFilename() + "' is not a photo; send JPEG or PNG photos");
                }
                stored.add(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stored;
    }

    private Optional<Submitted> replay(String key, String requestSha256) {
        return queries.earlier(key).map(earlier -> {
            if (!earlier[0].equals(requestSha256)) {
                throw BudgetRefusedException.idempotencyKeyReused();
            }
            return new Submitted(json.readTree(earlier[1]).get("id").asLong(), earlier[1], true);
        });
    }

    /** Accepts or rejects a proposal during the review phase, with a public reason (required to reject). */
    void review(StaffUser user, long proposalId, String decision, String reason) {
        if (!decision.equals("accepted") && !decision.equals("rejected")) {
            throw InvalidParameterException.of("decision", "must be accepted or rejected");
        }
        if (decision.equals("rejected") && (reason == null || reason.isBlank())) {
            throw InvalidParameterException.of("reason", "say why the proposal is rejected; the reason is public");
        }
        if (reason != null && reason.length() > 2000) {
            throw InvalidParameterException.of("reason", "is longer than 2000 characters");
        }
        transaction.executeWithoutResult(status -> {
            BudgetQueries.Proposal p =
                    queries.proposal(proposalId).orElseThrow(() -> BudgetNotFoundException.proposal(proposalId));
            BudgetQueries.Cycle c = cycle(p.cycleId());
            checkReviewer(user, c.regionKato());
            inPhase(c, "review", "Proposals are reviewed");
            if (!queries.review(
                    proposalId,
                    decision,
                    reason == null || reason.isBlank() ? null : reason.strip(),
                    user.getUsername())) {
                throw BudgetRefusedException.alreadyReviewed(proposalId, p.status());
            }
            audit.record(
                    user.getUsername(),
                    "budget_proposal_" + decision,
                    "budget_proposal",
                    String.valueOf(proposalId),
                    Map.of("cycle", c.id()));
        });
    }

    /**
     * Sends a 6-digit code to {@code address} (an e-mail address, or a phone number by SMS) through the
     * outbox, during the voting phase. Only the HMAC of the address is kept; a person who has voted gets
     * no new code.
     */
    Sent verify(long cycleId, String address, String language, String client) {
        BudgetQueries.Cycle c = cycle(cycleId);
        inPhase(c, "voting", "Votes are taken");
        String channel;
        String normalized;
        if (address == null || address.isBlank()) {
            throw InvalidParameterException.of("address", "give a phone number or an e-mail address");
        }
        String a = address.strip();
        if (a.contains("@")) {
            if (!ContactAddress.isEmail(a)) {
                throw InvalidParameterException.of("address", "is not an e-mail address");
            }
            channel = "email";
            normalized = "email:" + a.toLowerCase(java.util.Locale.ROOT);
        } else {
            String digits = a.replaceAll("[\\s()-]", "");
            if (!digits.matches("(\\+7|8|7)[0-9]{10}")) {
                throw InvalidParameterException.of("address", "is not a Kazakh phone number (+7 7xx xxx xx xx)");
            }
            channel = "sms";
            normalized = "phone:+7" + digits.substring(digits.length() - 10);
        }
        String voter = hash.of(c.id() + ":" + normalized);
        if (queries.hasVoted(c.id(), voter)) {
            throw BudgetRefusedException.alreadyVoted();
        }
        verificationLimit.acquire(client).ifPresent(wait -> {
            throw BudgetRefusedException.tooMany("confirmation codes", verificationLimit.limit(), wait);
        });
        UUID id = UUID.randomUUID();
        String code = String.format("%06d", random.nextInt(1_000_000));
        int minutes = (int) settings.codeValidity().toMinutes();
        String recipient = channel.equals("email") ? a : "+7" + normalized.substring(normalized.length() - 10);
        BudgetTexts.Message m = BudgetTexts.code(language, code, c.year(), minutes);
        transaction.executeWithoutResult(status -> {
            queries.insertVerification(
                    id,
                    c.id(),
                    voter,
                    hash.of(id + ":" + code),
                    channel,
                    settings.codeValidity().toSeconds());
            if (channel.equals("email")) {
                outbox.queueEmail(recipient, m.subject(), m.body());
            } else {
                outbox.queueSms(recipient, m.body());
            }
        });
        return new Sent(id, channel, Recipients.mask(recipient), minutes);
    }

    /**
     * Casts the ballot of the person confirmed by {@code verificationId} and {@code code}: up to the cycle's
     * {@code max_choices} accepted proposals, once per person per cycle. Two requests at once count once:
     * the ballot's unique constraint lets one in, the other is answered 409.
     */
    void vote(long cycleId, UUID verificationId, String code, List<Long> proposalIds) {
        BudgetQueries.Cycle c = cycle(cycleId);
        inPhase(c, "voting", "Votes are taken");
        LinkedHashSet<Long> chosen = new LinkedHashSet<>(proposalIds);
        if (chosen.isEmpty()) {
            throw InvalidParameterException.of("proposals", "choose at least one proposal");
        }
        if (chosen.size() != proposalIds.size()) {
            throw InvalidParameterException.of("proposals", "a proposal is chosen twice");
        }
        if (chosen.size() > c.maxChoices()) {
            throw InvalidParameterException.of(
                    "proposals", "a ballot of this cycle may choose at most " + c.maxChoices() + " proposals");
        }
        if (code == null || !code.strip().matches("[0-9]{6}")) {
            throw InvalidParameterException.of("code", "give the 6-digit code that was sent to you");
        }
        BudgetQueries.Verification v =
                queries.verification(verificationId, c.id()).orElseThrow(BudgetNotFoundException::verification);
        if (queries.hasVoted(c.id(), v.voterHmac())) {
            throw BudgetRefusedException.alreadyVoted();
        }
        if (v.used()) {
            throw BudgetRefusedException.codeSpent("This code has been used; ask for a new one.");
        }
        if (v.expired()) {
            throw BudgetRefusedException.codeSpent("This code has expired; ask for a new one.");
        }
        if (v.attempts() >= settings.codeAttempts()) {
            throw BudgetRefusedException.codeSpent("Too many wrong codes were tried; ask for a new one.");
        }
        if (!MessageDigest.isEqual(
                hash.of(verificationId + ":" + code.strip()).getBytes(StandardCharsets.US_ASCII),
                v.codeHmac().getBytes(StandardCharsets.US_ASCII))) {
            // counted outside any transaction: the refusal must not roll the count back
            queries.wrongCode(verificationId);
            throw InvalidParameterException.of("code", "the code is not the one that was sent");
        }
        transaction.executeWithoutResult(status -> {
            List<Long> accepted = queries.accepted(c.id(), List.copyOf(chosen));
            for (Long id : chosen) {
                if (!accepted.contains(id)) {
                    throw BudgetRefusedException.notAccepted(id);
                }
            }
            long ballot = queries.insertBallot(c.id(), v.voterHmac()).orElseThrow(BudgetRefusedException::alreadyVoted);
            for (Long id : chosen) {
                queries.insertVote(ballot, id);
            }
            queries.useVerification(verificationId);
        });
    }

    /** The results of a cycle: accepted proposals by votes and the winners within the cap. */
    BudgetResults results(long cycleId) {
        BudgetQueries.Cycle c = cycle(cycleId);
        return BudgetResults.of(c.capTenge(), queries.tally(c.id()));
    }

    /** Adds a milestone with photos to a winning proposal, once voting is over. */
    long addMilestone(
            StaffUser user, long proposalId, String title, LocalDate day, boolean done, List<MultipartFile> photos) {
        BudgetQueries.Proposal p =
                queries.proposal(proposalId).orElseThrow(() -> BudgetNotFoundException.proposal(proposalId));
        BudgetQueries.Cycle c = cycle(p.cycleId());
        checkReviewer(user, c.regionKato());
        checkImplementing(c, proposalId);
        if (photos.size() > store.maxFiles()) {
            throw AttachmentRefusedException.tooMany(store.maxFiles());
        }
        try (AttachmentStore.Uploads uploads = store.uploads()) {
            List<StoredAttachment> stored = storePhotos(uploads, photos);
            return transaction.execute(status -> {
                long id = queries.insertMilestone(proposalId, title, day, done, user.getUsername());
                int position = 1;
                for (StoredAttachment s : stored) {
                    queries.insertPhoto(null, id, position++, s);
                }
                audit.record(
                        user.getUsername(),
                        "budget_milestone_added",
                        "budget_milestone",
                        String.valueOf(id),
                        Map.of("proposal", proposalId, "done", done));
                return id;
            });
        }
    }

    /** Changes a milestone's title, date or done flag; null leaves it as it is. */
    void updateMilestone(StaffUser user, long milestoneId, String title, LocalDate day, Boolean done) {
        transaction.executeWithoutResult(status -> {
            long proposalId = queries.milestoneProposal(milestoneId)
                    .orElseThrow(() -> BudgetNotFoundException.milestone(milestoneId));
            BudgetQueries.Proposal p = queries.proposal(proposalId).orElseThrow();
            BudgetQueries.Cycle c = cycle(p.cycleId());
            checkReviewer(user, c.regionKato());
            queries.updateMilestone(milestoneId, title, day, done);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("proposal", proposalId);
            if (done != null) {
                details.put("done", done);
            }
            audit.record(
                    user.getUsername(),
                    "budget_milestone_changed",
                    "budget_milestone",
                    String.valueOf(milestoneId),
                    details);
        });
    }

    private void checkImplementing(BudgetQueries.Cycle c, long proposalId) {
        if (!c.phase().equals("implementation") && !c.phase().equals("closed")) {
            LocalDate[] d = c.dates("implementation");
            throw BudgetRefusedException.wrongPhase(
                    "Milestones are added", "implementation", d[0], d[1], c.phase(), today());
        }
        boolean winner = results(c.id()).proposals().stream().anyMatch(r -> r.id() == proposalId && r.winner());
        if (!winner) {
            throw BudgetRefusedException.notWinner(proposalId);
        }
    }

    private void inPhase(BudgetQueries.Cycle c, String phase, String what) {
        if (!c.phase().equals(phase)) {
            LocalDate[] d = c.dates(phase);
            throw BudgetRefusedException.wrongPhase(what, phase, d[0], d[1], c.phase(), today());
        }
    }

    /** Administrators anywhere; participatory-budget reviewers in the regions they hold. */
    static void checkReviewer(StaffUser user, String regionKato) {
        boolean allowed = !user.mustChangePassword()
                && (user.roles().contains("admin")
                        || (user.roles().contains("budget_reviewer")
                                && user.regionKatoCodes().contains(regionKato)));
        if (!allowed) {
            throw BudgetRefusedException.otherRegion(user.getUsername(), regionKato);
        }
    }

    private static String requestSha256(long cycleId, NewProposal p, List<MultipartFile> photos) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update((cycleId + "\u0000" + p.fingerprint()).getBytes(StandardCharsets.UTF_8));
        for (MultipartFile file : photos) {
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
        return java.util.HexFormat.of().formatHex(digest.digest());
    }
}
