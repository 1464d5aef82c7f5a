package kz.adalmap.api.budget;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import kz.adalmap.api.attachment.StoredAttachment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The SQL of the participatory budget. Public answers are built by PostGIS as JSON; a proposer's contact
 * and a voter's address never leave these tables. {@code :today} is the day in Kazakhstan time, from
 * which {@code budget_cycle_phase} derives a cycle's phase.
 */
@Component
class BudgetQueries {

    /** A cycle with its district, region and phase on the day asked for. */
    record Cycle(
            int id,
            int districtId,
            String districtKato,
            String regionKato,
            int year,
            long capTenge,
            int maxChoices,
            LocalDate proposalsStart,
            LocalDate reviewStart,
            LocalDate votingStart,
            LocalDate implementationStart,
            LocalDate implementationEnd,
            String phase) {

        /** First and last day of {@code phase}. */
        LocalDate[] dates(String phase) {
            return switch (phase) {
                case "proposals" -> new LocalDate[] {proposalsStart, reviewStart.minusDays(1)};
                case "review" -> new LocalDate[] {reviewStart, votingStart.minusDays(1)};
                case "voting" -> new LocalDate[] {votingStart, implementationStart.minusDays(1)};
                case "implementation" -> new LocalDate[] {implementationStart, implementationEnd};
                default -> throw new IllegalArgumentException(phase);
            };
        }
    }

    /** The fields of a cycle as an administrator or reviewer sets them. */
    record CycleFields(
            int year,
            long capTenge,
            int maxChoices,
            LocalDate proposalsStart,
            LocalDate reviewStart,
            LocalDate votingStart,
            LocalDate implementationStart,
            LocalDate implementationEnd) {}

    /** A proposal with what a review or milestone needs to know of it. */
    record Proposal(long id, int cycleId, String status) {}

    /** An accepted proposal with its votes, in the order of the results. */
    record Tally(long id, String title, long costTenge, long votes) {}

    /** A confirmation as kept: whose, which code, still usable or not. */
    record Verification(UUID id, String voterHmac, String codeHmac, boolean expired, boolean used, int attempts) {}

    /** A stored photo as served. */
    record Photo(String sha256, String thumbnailSha256, String mediaType) {}

    private static final String CYCLE_COLUMNS = """
            c.id, c.district_id, d.kato_code AS district_kato, r.kato_code AS region_kato, c.year, c.cap_tenge,
            c.max_choices, c.proposals_start, c.review_start, c.voting_start, c.implementation_start,
            c.implementation_end, budget_cycle_phase(c, :today) AS phase
            """;
    private static final String CYCLE = "SELECT " + CYCLE_COLUMNS + """
            FROM budget_cycle c JOIN district d ON d.id = c.district_id JOIN region r ON r.id = d.region_id
            WHERE c.id = :id
            """;
    // a cycle as the page and API clients read it; the district's outline simplified to about 10 m
    private static final String CYCLE_JSON_FIELDS = """
            json_build_object(
                'id', c.id, 'year', c.year, 'cap_tenge', c.cap_tenge, 'max_choices', c.max_choices,
                'phase', budget_cycle_phase(c, :today),
                'phases', json_build_object(
                    'proposals', json_build_object('from', c.proposals_start, 'to', c.review_start - 1),
                    'review', json_build_object('from', c.review_start, 'to', c.voting_start - 1),
                    'voting', json_build_object('from', c.voting_start, 'to', c.implementation_start - 1),
                    'implementation', json_build_object('from', c.implementation_start, 'to', c.implementation_end)),
                'district', json_build_object('kato_code', d.kato_code, 'name_kk', d.name_kk,
                                              'name_ru', d.name_ru, 'name_en', d.name_en),
                'region', json_build_object('kato_code', r.kato_code, 'name_kk', r.name_kk,
                                            'name_ru', r.name_ru, 'name_en', r.name_en)
            """;
    private static final String CYCLES_JSON = "SELECT coalesce(json_agg(" + CYCLE_JSON_FIELDS + """
            ) ORDER BY r.kato_code, d.kato_code, c.year DESC), '[]'::json)::text
            FROM budget_cycle c JOIN district d ON d.id = c.district_id JOIN region r ON r.id = d.region_id
            WHERE (CAST(:region AS text) IS NULL OR r.kato_code = :region)
              AND (CAST(:district AS text) IS NULL OR d.kato_code = :district)
            """;
    private static final String CYCLE_JSON = "SELECT (" + CYCLE_JSON_FIELDS + """
            , 'district_geometry', ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(d.geom, 0.0001)), 6)::json
            ))::text
            FROM budget_cycle c JOIN district d ON d.id = c.district_id JOIN region r ON r.id = d.region_id
            WHERE c.id = :id
            """;
    private static final String DISTRICT = """
            SELECT d.id FROM district d WHERE d.kato_code = :kato
            """;
    private static final String REGION_OF_DISTRICT = """
            SELECT r.kato_code FROM district d JOIN region r ON r.id = d.region_id WHERE d.kato_code = :kato
            """;
    private static final String INSERT_CYCLE = """
            INSERT INTO budget_cycle (district_id, year, cap_tenge, max_choices, proposals_start, review_start,
                                      voting_start, implementation_start, implementation_end)
            VALUES (:district, :year, :cap, :maxChoices, :proposals, :review, :voting, :implementation, :end)
            ON CONFLICT (district_id, year) DO NOTHING
            RETURNING id
            """;
    private static final String UPDATE_CYCLE = """
            UPDATE budget_cycle SET year = :year, cap_tenge = :cap, max_choices = :maxChoices,
                   proposals_start = :proposals, review_start = :review, voting_start = :voting,
                   implementation_start = :implementation, implementation_end = :end
            WHERE id = :id
            """;
    // the place must lie in the district; a point on its boundary counts as inside
    private static final String INSIDE_DISTRICT = """
            SELECT d.geom IS NOT NULL AS has_boundary,
                   coalesce(ST_CoveredBy(ST_SetSRID(ST_GeomFromGeoJSON(:geometry), 4326), d.geom), false) AS inside,
                   GeometryType(ST_GeomFromGeoJSON(:geometry)) AS type,
                   ST_IsValid(ST_GeomFromGeoJSON(:geometry)) AS valid
            FROM district d WHERE d.id = :district
            """;
    private static final String INSERT_PROPOSAL = """
            INSERT INTO budget_proposal (cycle_id, geom, title, description, cost_tenge)
            VALUES (:cycle, ST_SetSRID(ST_GeomFromGeoJSON(:geometry), 4326), :title, :description, :cost)
            RETURNING id
            """;
    private static final String INSERT_CONTACT = """
            INSERT INTO budget_proposal_contact (proposal_id, name, phone, email) VALUES (:id, :name, :phone, :email)
            """;
    private static final String INSERT_PHOTO = """
            INSERT INTO budget_photo (proposal_id, milestone_id, position, media_type, sha256, size_bytes,
                                      thumbnail_sha256, thumbnail_size_bytes)
            VALUES (:proposal, :milestone, :position, :mediaType, :sha256, :size, :thumbnail, :thumbnailSize)
            """;
    private static final String CLAIM = """
            INSERT INTO budget_proposal_submission (idempotency_key, request_sha256) VALUES (:key, :sha)
            ON CONFLICT DO NOTHING
            """;
    private static final String EARLIER = """
            SELECT request_sha256, response::text FROM budget_proposal_submission
            WHERE idempotency_key = :key AND response IS NOT NULL
            """;
    private static final String COMPLETE = """
            UPDATE budget_proposal_submission SET proposal_id = :id, response = CAST(:response AS jsonb)
            WHERE idempotency_key = :key
            """;
    // votes are public only once a proposal is on the ballot; the proposer's contact never is
    private static final String PROPOSALS_GEOJSON = """
            SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
                     json_build_object('type', 'Feature', 'id', p.id,
                                       'geometry', ST_AsGeoJSON(p.geom, 6)::json,
                                       'properties', json_build_object(
                                            'id', p.id, 'title', p.title, 'description', p.description,
                                            'cost_tenge', p.cost_tenge, 'status', p.status,
                                            'review_reason', p.review_reason, 'reviewed_at', p.reviewed_at,
                                            'created_at', p.created_at,
                                            'votes', CASE WHEN p.status = 'accepted' THEN
                                                (SELECT count(*) FROM budget_vote v WHERE v.proposal_id = p.id) END,
                                            'photos', (SELECT coalesce(json_agg(f.id ORDER BY f.position), '[]'::json)
                                                       FROM budget_photo f WHERE f.proposal_id = p.id)))
                     ORDER BY p.id), '[]'::json))::text
            FROM budget_proposal p
            WHERE p.cycle_id = :cycle
            """;
    private static final String PROPOSAL = """
            SELECT id, cycle_id, status FROM budget_proposal WHERE id = :id
            """;
    private static final String REVIEW = """
            UPDATE budget_proposal SET status = :status, review_reason = :reason, reviewed_by = :by, reviewed_at = now()
            WHERE id = :id AND status = 'submitted'
            """;
    // ties go to the proposal submitted first
    private static final String TALLY = """
            SELECT p.id, p.title, p.cost_tenge, count(v.ballot_id) AS votes
            FROM budget_proposal p LEFT JOIN budget_vote v ON v.proposal_id = p.id
            WHERE p.cycle_id = :cycle AND p.status = 'accepted'
            GROUP BY p.id
            ORDER BY votes DESC, p.id
            """;
    private static final String BALLOT_OF = """
            SELECT EXISTS (SELECT 1 FROM budget_ballot WHERE cycle_id = :cycle AND voter_hmac = :voter)
            """;
    private static final String INSERT_VERIFICATION = """
            INSERT INTO budget_verification (id, cycle_id, voter_hmac, code_hmac, channel, expires_at)
            VALUES (:id, :cycle, :voter, :code, :channel, now() + make_interval(secs => :seconds))
            """;
    private static final String VERIFICATION = """
            SELECT id, voter_hmac, code_hmac, expires_at <= now() AS expired, used_at IS NOT NULL AS used, attempts
            FROM budget_verification WHERE id = :id AND cycle_id = :cycle
            """;
    private static final String WRONG_CODE = """
            UPDATE budget_verification SET attempts = attempts + 1 WHERE id = :id
            """;
    // of two ballots of one person at once, the second waits on the unique index and then inserts nothing
    private static final String INSERT_BALLOT = """
            INSERT INTO budget_ballot (cycle_id, voter_hmac) VALUES (:cycle, :voter)
            ON CONFLICT (cycle_id, voter_hmac) DO NOTHING
            RETURNING id
            """;
    private static final String ACCEPTED_OF = """
            SELECT id FROM budget_proposal WHERE cycle_id = :cycle AND status = 'accepted' AND id = ANY(:ids)
            """;
    private static final String INSERT_VOTE = """
            INSERT INTO budget_vote (ballot_id, proposal_id) VALUES (:ballot, :proposal)
            """;
    private static final String USE_VERIFICATION = """
            UPDATE budget_verification SET used_at = now() WHERE id = :id
            """;
    private static final String INSERT_MILESTONE = """
            INSERT INTO budget_milestone (proposal_id, title, day, done, created_by)
            VALUES (:proposal, :title, :day, :done, :by)
            RETURNING id
            """;
    private static final String MILESTONE_PROPOSAL = """
            SELECT proposal_id FROM budget_milestone WHERE id = :id
            """;
    private static final String UPDATE_MILESTONE = """
            UPDATE budget_milestone SET title = coalesce(CAST(:title AS text), title),
                   day = coalesce(CAST(:day AS date), day), done = coalesce(CAST(:done AS boolean), done)
            WHERE id = :id
            """;
    private static final String MILESTONES_JSON = """
            SELECT coalesce(json_agg(json_build_object(
                       'id', m.id, 'proposal_id', m.proposal_id, 'proposal_title', p.title, 'title', m.title,
                       'date', m.day, 'done', m.done,
                       'photos', (SELECT coalesce(json_agg(f.id ORDER BY f.position), '[]'::json)
                                  FROM budget_photo f WHERE f.milestone_id = m.id))
                   ORDER BY m.proposal_id, m.day, m.id), '[]'::json)::text
            FROM budget_milestone m JOIN budget_proposal p ON p.id = m.proposal_id
            WHERE p.cycle_id = :cycle
            """;
    private static final String PHOTO = """
            SELECT sha256, thumbnail_sha256, media_type FROM budget_photo WHERE id = :id
            """;

    private final JdbcClient jdbc;

    BudgetQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Cycle> cycle(long id, LocalDate today) {
        return jdbc.sql(CYCLE)
                .param("id", id)
                .param("today", today)
                .query((rs, n) -> new Cycle(
                        rs.getInt("id"),
                        rs.getInt("district_id"),
                        rs.getString("district_kato"),
                        rs.getString("region_kato"),
                        rs.getInt("year"),
                        rs.getLong("cap_tenge"),
                        rs.getInt("max_choices"),
                        rs.getObject("proposals_start", LocalDate.class),
                        rs.getObject("review_start", LocalDate.class),
                        rs.getObject("voting_start", LocalDate.class),
                        rs.getObject("implementation_start", LocalDate.class),
                        rs.getObject("implementation_end", LocalDate.class),
                        rs.getString("phase")))
                .optional();
    }

    String cyclesJson(String regionKato, String districtKato, LocalDate today) {
        return jdbc.sql(CYCLES_JSON)
                .param("region", regionKato)
                .param("district", districtKato)
                .param("today", today)
                .query(String.class)
                .single();
    }

    Optional<String> cycleJson(long id, LocalDate today) {
        return jdbc.sql(CYCLE_JSON)
                .param("id", id)
                .param("today", today)
                .query(String.class)
                .optional();
    }

    Optional<Integer> district(String kato) {
        return jdbc.sql(DISTRICT).param("kato", kato).query(Integer.class).optional();
    }

    String regionOfDistrict(String districtKato) {
        return jdbc.sql(REGION_OF_DISTRICT)
                .param("kato", districtKato)
                .query(String.class)
                .single();
    }

    /** The new cycle's id, or empty when the district has one for that year already. */
    Optional<Integer> insertCycle(int districtId, CycleFields f) {
        return fields(jdbc.sql(INSERT_CYCLE).param("district", districtId), f)
                .query(Integer.class)
                .optional();
    }

    void updateCycle(long id, CycleFields f) {
        fields(jdbc.sql(UPDATE_CYCLE).param("id", id), f).update();
    }

    private static JdbcClient.StatementSpec fields(JdbcClient.StatementSpec s, CycleFields f) {
        return s.param("year", f.year())
                .param("cap", f.capTenge())
                .param("maxChoices", f.maxChoices())
                .param("proposals", f.proposalsStart())
                .param("review", f.reviewStart())
                .param("voting", f.votingStart())
                .param("implementation", f.implementationStart())
                .param("end", f.implementationEnd());
    }

    /** Where a GeoJSON geometry is against a district: {has boundary, inside, type, valid}. */
    record Placement(boolean hasBoundary, boolean inside, String type, boolean valid) {}

    Placement placement(int districtId, String geometry) {
        return jdbc.sql(INSIDE_DISTRICT)
                .param("district", districtId)
                .param("geometry", geometry)
                .query((rs, n) -> new Placement(
                        rs.getBoolean("has_boundary"),
                        rs.getBoolean("inside"),
                        rs.getString("type"),
                        rs.getBoolean("valid")))
                .single();
    }

    long insertProposal(int cycleId, NewProposal p) {
        return jdbc.sql(INSERT_PROPOSAL)
                .param("cycle", cycleId)
                .param("geometry", p.geometry())
                .param("title", p.title())
                .param("description", p.description())
                .param("cost", p.costTenge())
                .query(Long.class)
                .single();
    }

    void insertContact(long proposalId, NewProposal.Contact c) {
        jdbc.sql(INSERT_CONTACT)
                .param("id", proposalId)
                .param("name", c.name())
                .param("phone", c.phone())
                .param("email", c.email())
                .update();
    }

    void insertPhoto(Long proposalId, Long milestoneId, int position, StoredAttachment s) {
        jdbc.sql(INSERT_PHOTO)
                .param("proposal", proposalId)
                .param("milestone", milestoneId)
                .param("position", position)
                .param("mediaType", s.type().mediaType())
                .param("sha256", s.sha256())
                .param("size", s.sizeBytes())
                .param("thumbnail", s.thumbnailSha256())
                .param("thumbnailSize", s.thumbnailSizeBytes())
                .update();
    }

    boolean claim(String key, String requestSha256) {
        return jdbc.sql(CLAIM).param("key", key).param("sha", requestSha256).update() == 1;
    }

    /** {request SHA-256, response} of the committed proposal made with {@code key}. */
    Optional<String[]> earlier(String key) {
        return jdbc.sql(EARLIER)
                .param("key", key)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .optional();
    }

    void complete(String key, long proposalId, String response) {
        jdbc.sql(COMPLETE)
                .param("key", key)
                .param("id", proposalId)
                .param("response", response)
                .update();
    }

    String proposalsGeoJson(int cycleId) {
        return jdbc.sql(PROPOSALS_GEOJSON)
                .param("cycle", cycleId)
                .query(String.class)
                .single();
    }

    Optional<Proposal> proposal(long id) {
        return jdbc.sql(PROPOSAL)
                .param("id", id)
                .query((rs, n) -> new Proposal(rs.getLong("id"), rs.getInt("cycle_id"), rs.getString("status")))
                .optional();
    }

    /** Records the decision; false when the proposal was reviewed meanwhile. */
    boolean review(long id, String status, String reason, String by) {
        return jdbc.sql(REVIEW)
                        .param("id", id)
                        .param("status", status)
                        .param("reason", reason)
                        .param("by", by)
                        .update()
                == 1;
    }

    List<Tally> tally(int cycleId) {
        return jdbc.sql(TALLY)
                .param("cycle", cycleId)
                .query((rs, n) -> new Tally(
                        rs.getLong("id"), rs.getString("title"), rs.getLong("cost_tenge"), rs.getLong("votes")))
                .list();
    }

    boolean hasVoted(int cycleId, String voterHmac) {
        return jdbc.sql(BALLOT_OF)
                .param("cycle", cycleId)
                .param("voter", voterHmac)
                .query(Boolean.class)
                .single();
    }

    void insertVerification(UUID id, int cycleId, String voterHmac, String codeHmac, String channel, long seconds) {
        jdbc.sql(INSERT_VERIFICATION)
                .param("id", id)
                .param("cycle", cycleId)
                .param("voter", voterHmac)
                .param("code", codeHmac)
                .param("channel", channel)
                .param("seconds", seconds)
                .update();
    }

    Optional<Verification> verification(UUID id, int cycleId) {
        return jdbc.sql(VERIFICATION)
                .param("id", id)
                .param("cycle", cycleId)
                .query((rs, n) -> new Verification(
                        rs.getObject("id", UUID.class),
                        rs.getString("voter_hmac"),
                        rs.getString("code_hmac"),
                        rs.getBoolean("expired"),
                        rs.getBoolean("used"),
                        rs.getInt("attempts")))
                .optional();
    }

    void wrongCode(UUID id) {
        jdbc.sql(WRONG_CODE).param("id", id).update();
    }

    Optional<Long> insertBallot(int cycleId, String voterHmac) {
        return jdbc.sql(INSERT_BALLOT)
                .param("cycle", cycleId)
                .param("voter", voterHmac)
                .query(Long.class)
                .optional();
    }

    List<Long> accepted(int cycleId, List<Long> ids) {
        return jdbc.sql(ACCEPTED_OF)
                .param("cycle", cycleId)
                .param("ids", ids.toArray(Long[]::new))
                .query(Long.class)
                .list();
    }

    void insertVote(long ballotId, long proposalId) {
        jdbc.sql(INSERT_VOTE)
                .param("ballot", ballotId)
                .param("proposal", proposalId)
                .update();
    }

    void useVerification(UUID id) {
        jdbc.sql(USE_VERIFICATION).param("id", id).update();
    }

    long insertMilestone(long proposalId, String title, LocalDate day, boolean done, String by) {
        return jdbc.sql(INSERT_MILESTONE)
                .param("proposal", proposalId)
                .param("title", title)
                .param("day", day)
                .param("done", done)
                .param("by", by)
                .query(Long.class)
                .single();
    }

    Optional<Long> milestoneProposal(long milestoneId) {
        return jdbc.sql(MILESTONE_PROPOSAL)
                .param("id", milestoneId)
                .query(Long.class)
                .optional();
    }

    void updateMilestone(long id, String title, LocalDate day, Boolean done) {
        jdbc.sql(UPDATE_MILESTONE)
                .param("id", id)
                .param("title", title)
                .param("day", day)
                .param("done", done)
                .update();
    }

    String milestonesJson(int cycleId) {
        return jdbc.sql(MILESTONES_JSON)
                .param("cycle", cycleId)
                .query(String.class)
                .single();
    }

    Optional<Photo> photo(long id) {
        return jdbc.sql(PHOTO)
                .param("id", id)
                .query((rs, n) -> new Photo(rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
    }
}
