--
-- PostgreSQL database dump
--

\restrict b8CUJI0sE2QeclqVqLFk1xILBSvquUwh1ITg7zPKYnLa6AU3wBul1gLrOwVI7yz

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: events_append_only(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.events_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: attachments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.attachments (
    id bigint NOT NULL,
    request_id bigint NOT NULL,
    name text NOT NULL,
    content_type text NOT NULL,
    hash text NOT NULL,
    size bigint NOT NULL,
    release boolean DEFAULT false NOT NULL,
    uploaded_at timestamp with time zone NOT NULL,
    uploaded_by text DEFAULT ''::text NOT NULL
);


--
-- Name: attachments_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.attachments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: attachments_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.attachments_id_seq OWNED BY public.attachments.id;


--
-- Name: blobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.blobs (
    hash text NOT NULL,
    data bytea NOT NULL
);


--
-- Name: calendars; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.calendars (
    version text NOT NULL,
    data bytea NOT NULL,
    source text DEFAULT ''::text NOT NULL,
    imported_at timestamp with time zone NOT NULL
);


--
-- Name: counters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.counters (
    name text NOT NULL,
    next bigint NOT NULL
);


--
-- Name: events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.events (
    id bigint NOT NULL,
    request_id bigint,
    type text NOT NULL,
    on_date date,
    at timestamp with time zone NOT NULL,
    actor_id bigint,
    actor text DEFAULT ''::text NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    before text DEFAULT ''::text NOT NULL,
    after text DEFAULT ''::text NOT NULL
);


--
-- Name: events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: inbound; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.inbound (
    id bigint NOT NULL,
    source_key text,
    raw bytea NOT NULL,
    received_at timestamp with time zone NOT NULL,
    envelope_from text DEFAULT ''::text NOT NULL,
    envelope_to text[] DEFAULT '{}'::text[] NOT NULL,
    message_id text DEFAULT ''::text NOT NULL,
    from_name text DEFAULT ''::text NOT NULL,
    from_email text DEFAULT ''::text NOT NULL,
    subject text DEFAULT ''::text NOT NULL,
    text text DEFAULT ''::text NOT NULL,
    attachments jsonb DEFAULT '[]'::jsonb NOT NULL,
    status text NOT NULL,
    request_id bigint,
    note text DEFAULT ''::text NOT NULL,
    suggestion text DEFAULT ''::text NOT NULL,
    CONSTRAINT inbound_status_check CHECK ((status = ANY (ARRAY['new'::text, 'request-created'::text, 'threaded'::text, 'holding-pen'::text, 'ignored'::text])))
);


--
-- Name: inbound_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.inbound ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.inbound_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: job_runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.job_runs (
    job text NOT NULL,
    day date NOT NULL,
    claimed_by text NOT NULL,
    claimed_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone
);


--
-- Name: letters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.letters (
    id bigint NOT NULL,
    request_id bigint NOT NULL,
    kind text NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    created_by text DEFAULT ''::text NOT NULL,
    approved_at timestamp with time zone,
    approved_by text DEFAULT ''::text NOT NULL,
    sent_at timestamp with time zone,
    sent_by text DEFAULT ''::text NOT NULL
);


--
-- Name: letters_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.letters_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: letters_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.letters_id_seq OWNED BY public.letters.id;


--
-- Name: login_failures; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_failures (
    id bigint NOT NULL,
    key text NOT NULL,
    at timestamp with time zone NOT NULL
);


--
-- Name: login_failures_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.login_failures_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: login_failures_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.login_failures_id_seq OWNED BY public.login_failures.id;


--
-- Name: outbox; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outbox (
    id bigint NOT NULL,
    key text NOT NULL,
    request_id bigint,
    kind text NOT NULL,
    from_addr text NOT NULL,
    reply_to text DEFAULT ''::text NOT NULL,
    to_addr text NOT NULL,
    subject text NOT NULL,
    text_body text NOT NULL,
    html_body text DEFAULT ''::text NOT NULL,
    status text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    last_error text DEFAULT ''::text NOT NULL,
    sent_at timestamp with time zone,
    claimed_by text DEFAULT ''::text NOT NULL,
    claimed_until timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT outbox_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT outbox_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'sending'::text, 'sent'::text, 'failed'::text])))
);


--
-- Name: outbox_attachments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outbox_attachments (
    id bigint NOT NULL,
    message_id bigint NOT NULL,
    filename text NOT NULL,
    content_type text NOT NULL,
    data bytea NOT NULL
);


--
-- Name: outbox_attachments_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.outbox_attachments ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.outbox_attachments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: outbox_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.outbox ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: part_assignments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.part_assignments (
    request_id bigint NOT NULL,
    part integer NOT NULL,
    user_id bigint NOT NULL,
    due_on date,
    note text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: parts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.parts (
    request_id bigint NOT NULL,
    number integer NOT NULL,
    label text DEFAULT ''::text NOT NULL,
    text text DEFAULT ''::text NOT NULL,
    answer text DEFAULT ''::text NOT NULL,
    outcome text DEFAULT ''::text NOT NULL,
    exemptions text[] DEFAULT '{}'::text[] NOT NULL,
    public_interest text DEFAULT ''::text NOT NULL,
    CONSTRAINT parts_number_check CHECK ((number > 0))
);


--
-- Name: publication_counts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.publication_counts (
    category text NOT NULL,
    month text NOT NULL,
    n bigint NOT NULL,
    CONSTRAINT publication_counts_n_check CHECK ((n >= 0))
);


--
-- Name: publications; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.publications (
    key bigint NOT NULL,
    request_id bigint NOT NULL,
    ref_prefix text NOT NULL,
    ref_number bigint NOT NULL,
    regime text NOT NULL,
    category text NOT NULL,
    published_on date NOT NULL,
    received_on date NOT NULL,
    responded_on date,
    outcome text DEFAULT ''::text NOT NULL,
    published_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    unpublished_at timestamp with time zone,
    title text NOT NULL,
    summary text DEFAULT ''::text NOT NULL,
    request text DEFAULT ''::text NOT NULL,
    response text DEFAULT ''::text NOT NULL,
    parts jsonb DEFAULT '[]'::jsonb NOT NULL,
    search tsvector NOT NULL
);


--
-- Name: rate_limits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.rate_limits (
    key text NOT NULL,
    window_start timestamp with time zone NOT NULL,
    count integer NOT NULL,
    CONSTRAINT rate_limits_count_check CHECK ((count > 0))
);


--
-- Name: regulator_cases; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.regulator_cases (
    id bigint NOT NULL,
    request_id bigint NOT NULL,
    regulator text NOT NULL,
    case_reference text DEFAULT ''::text NOT NULL,
    complaint_on date NOT NULL,
    decision_on date,
    decision_outcome text DEFAULT ''::text NOT NULL,
    compliance_due_on date,
    appeal_due_on date,
    appealed_on date,
    appeal_outcome text DEFAULT ''::text NOT NULL,
    closed_on date,
    note text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: regulator_cases_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.regulator_cases ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.regulator_cases_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: requesters; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.requesters (
    id bigint NOT NULL,
    name text DEFAULT ''::text NOT NULL,
    email text DEFAULT ''::text NOT NULL,
    address text DEFAULT ''::text NOT NULL,
    phone text DEFAULT ''::text NOT NULL
);


--
-- Name: requesters_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.requesters ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.requesters_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: requests; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.requests (
    id bigint NOT NULL,
    ref_prefix text NOT NULL,
    ref_number bigint NOT NULL,
    requester_id bigint NOT NULL,
    regime text NOT NULL,
    channel text NOT NULL,
    received_at timestamp with time zone NOT NULL,
    received_on date NOT NULL,
    text text NOT NULL,
    preamble text DEFAULT ''::text NOT NULL,
    status text NOT NULL,
    due_on date,
    calendar_version text DEFAULT ''::text NOT NULL,
    assignee_id bigint,
    responded_on date,
    outcome text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT requests_ref_number_check CHECK ((ref_number > 0)),
    CONSTRAINT requests_version_check CHECK ((version > 0))
);


--
-- Name: requests_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.requests ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.requests_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: reviews; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reviews (
    id bigint NOT NULL,
    request_id bigint NOT NULL,
    requested_on date NOT NULL,
    late boolean DEFAULT false NOT NULL,
    grounds text DEFAULT ''::text NOT NULL,
    due_on date NOT NULL,
    extended boolean DEFAULT false NOT NULL,
    reviewer_id bigint,
    outcome text DEFAULT ''::text NOT NULL,
    decisions text DEFAULT '[]'::text NOT NULL,
    note text DEFAULT ''::text NOT NULL,
    completed_on date,
    completed_by bigint,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: reviews_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.reviews ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.reviews_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    hash text NOT NULL,
    user_id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    pending boolean DEFAULT false NOT NULL
);


--
-- Name: settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.settings (
    key text NOT NULL,
    value text NOT NULL
);


--
-- Name: tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tokens (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    hash text NOT NULL,
    label text DEFAULT ''::text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone
);


--
-- Name: tokens_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.tokens ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.tokens_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: totp_secrets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.totp_secrets (
    user_id bigint NOT NULL,
    secret text NOT NULL
);


--
-- Name: tracking_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tracking_tokens (
    id bigint NOT NULL,
    request_id bigint NOT NULL,
    hash text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone
);


--
-- Name: tracking_tokens_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.tracking_tokens ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.tracking_tokens_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id bigint NOT NULL,
    email text NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    password_hash text DEFAULT ''::text NOT NULL,
    disabled boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone NOT NULL
);


--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: attachments id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachments ALTER COLUMN id SET DEFAULT nextval('public.attachments_id_seq'::regclass);


--
-- Name: letters id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.letters ALTER COLUMN id SET DEFAULT nextval('public.letters_id_seq'::regclass);


--
-- Name: login_failures id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_failures ALTER COLUMN id SET DEFAULT nextval('public.login_failures_id_seq'::regclass);


--
-- Data for Name: attachments; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: blobs; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: calendars; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: counters; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.counters VALUES ('reference', 12756);


--
-- Data for Name: events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (1, NULL, 'settings-changed', NULL, '2026-12-07 23:34:31.742353+00', 1, 'Demo Officer', 'authority settings changed: Thurrock Council', '', '');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (2, 1, 'created', '2023-05-02', '2026-12-07 23:34:31.899937+00', 1, 'Demo Officer', 'received by email; 7 part(s); due 2023-06-01', '', '');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (3, 1, 'part-answered', NULL, '2026-12-07 23:34:31.923881+00', 1, 'Demo Officer', 'part 1: Granted in full', '{"answer":"","exemptions":null,"outcome":"","public_interest":""}', '{"answer":"Yes","exemptions":null,"outcome":"granted","public_interest":""}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (4, 1, 'part-answered', NULL, '2026-12-07 23:34:32.008196+00', 1, 'Demo Officer', 'part 2: Granted in full', '{"answer":"","exemptions":null,"outcome":"","public_interest":""}', '{"answer":"The required social value outcome with these services is for the provider to source and support volunteering opportunities for young people who are looked after in placement","exemptions":null,"outcome":"granted","public_interest":""}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (5, 1, 'part-answered', NULL, '2026-12-07 23:34:32.057518+00', 1, 'Demo Officer', 'part 3: Granted in full', '{"answer":"","exemptions":null,"outcome":"","public_interest":""}', '{"answer":"This requirement is built into the service specification that forms part of the contract","exemptions":null,"outcome":"granted","public_interest":""}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (6, 1, 'part-answered', NULL, '2026-12-07 23:34:32.100008+00', 1, 'Demo Officer', 'part 4: Granted in full', '{"answer":"","exemptions":null,"outcome":"","public_interest":""}', '{"answer":"3%","exemptions":null,"outcome":"granted","public_interest":""}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (7, 1, 'part-answered', NULL, '2026-12-07 23:34:32.14195+00', 1, 'Demo Officer', 'part 5: Granted in full', '{"answer":"","exemptions":null,"outcome":"","public_interest":""}', '{"answer":"Annual contract monitoring includes a requirement to evidence that volunteering opportunities have been sought and put in place where appropriate","exemptions":null,"outcome":"granted","public_interest":""}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (8, 1, 'part-answered', NULL, '2026-12-07 23:34:32.183966+00', 1, 'Demo Officer', 'part 6: Granted in full', '{"answer":"","exemptions":null,"outcome":"","public_interest":""}', '{"answer":"A number of young people have been able to take up these opportunities, however its full impact has not been subject to a full evaluation","exemptions":null,"outcome":"granted","public_interest":""}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (9, 1, 'part-answered', NULL, '2026-12-07 23:34:32.284031+00', 1, 'Demo Officer', 'part 7: Granted in full', '{"answer":"","exemptions":null,"outcome":"","public_interest":""}', '{"answer":"The Council has not been able to quantify this (see question 6 response)","exemptions":null,"outcome":"granted","public_interest":""}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (10, 1, 'responded', '2023-05-30', '2026-12-07 23:34:32.308371+00', 1, 'Demo Officer', '', '{"due_on":"2023-06-01","status":"open"}', '{"due_on":"2023-06-01","status":"responded"}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (11, 1, 'published', '2023-05-30', '2026-12-07 23:34:32.354029+00', 1, 'Demo Officer', 'Placements', '', '{"category":"Children''s services","published_on":"2023-05-30","summary":"","title":"Placements"}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (12, 2, 'created', '2026-12-05', '2026-12-07 23:34:32.517784+00', 1, 'Demo Officer', 'received by web; 3 part(s); due 2027-01-07', '', '');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (13, 3, 'created', '2026-11-28', '2026-12-07 23:34:32.640015+00', 1, 'Demo Officer', 'received by email; 2 part(s); due 2026-12-30', '', '');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (14, 4, 'created', '2026-11-22', '2026-12-07 23:34:32.720905+00', 1, 'Demo Officer', 'received by post; 1 part(s); due 2026-12-21', '', '');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (15, 4, 'clarification-requested', '2026-11-25', '2026-12-07 23:34:32.722617+00', 1, 'Demo Officer', 'Asked whether ''last year'' means the 2024/25 financial year or calendar 2024.', '{"due_on":"2026-12-21","status":"open"}', '{"due_on":"2026-12-21","status":"awaiting-clarification"}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (16, 5, 'created', '2026-11-17', '2026-12-07 23:34:32.775946+00', 1, 'Demo Officer', 'received by email; 1 part(s); due 2026-12-16', '', '');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (17, 5, 'fee-notice', '2026-11-23', '2026-12-07 23:34:32.81867+00', 1, 'Demo Officer', 'Estimated cost £1,240 above the appropriate limit for locating and retrieving; fees notice issued under s.9.', '{"due_on":"2026-12-16","status":"open"}', '{"due_on":"2026-12-16","status":"awaiting-fee"}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (18, 6, 'created', '2026-11-07', '2026-12-07 23:34:32.878087+00', 1, 'Demo Officer', 'received by web; 2 part(s); due 2026-12-07', '', '');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (19, 6, 'extended', '2026-11-25', '2026-12-07 23:34:32.879926+00', 1, 'Demo Officer', 's.43(2) commercial interests: public interest test needs more time. Estimate given under s.17(2).', '{"due_on":"2026-12-07","status":"open"}', '{"due_on":"2027-01-08","status":"extended"}');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (20, 7, 'created', '2026-10-28', '2026-12-07 23:34:33.016118+00', 1, 'Demo Officer', 'received by email; 1 part(s); due 2026-11-25', '', '');
INSERT INTO public.events OVERRIDING SYSTEM VALUE VALUES (21, 8, 'created', '2026-12-02', '2026-12-07 23:34:33.017826+00', 1, 'Demo Officer', 'received by web; 1 part(s); due 2027-01-05', '', '');


--
-- Data for Name: inbound; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: job_runs; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: letters; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: login_failures; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: outbox; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: outbox_attachments; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: part_assignments; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: parts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.parts VALUES (1, 1, '1', 'The Social Value Act 2012 requires commissioning authorities to give consideration at the pre-procurement stage to how what is to be procured may improve the social, environmental and economic well-being of the relevant area over and above the core delivery of a contract; how any such improvement might be secured; and the need to consult.

Does your organisation give consideration to Social Value in commissioning the following services?
• Independent Fostering Agencies (IFAs)
• Residential children’s homes and/or parent and child units
• 16+ semi-independent accommodation
• Accommodation services for unaccompanied asylum-seeking children', 'Yes', 'granted', '{}', '');
INSERT INTO public.parts VALUES (1, 2, '2', 'If so, what Social Value/added value outcomes does your organisation seek to achieve from either procurement exercises or contracts for these services?', 'The required social value outcome with these services is for the provider to source and support volunteering opportunities for young people who are looked after in placement', 'granted', '{}', '');
INSERT INTO public.parts VALUES (1, 3, '3', 'How does your organisation communicate its required Social Value outcomes to service providers (e.g. face-to-face engagement, building Social Value requirements into service specifications, including Social Value questions within the quality section of Invitations to Tender, etc.)?', 'This requirement is built into the service specification that forms part of the contract', 'granted', '{}', '');
INSERT INTO public.parts VALUES (1, 4, '4', 'If your organisation includes Social Value questions within Invitations to Tender for these services, approximately what weighting is given to these questions?', '3%', 'granted', '{}', '');
INSERT INTO public.parts VALUES (1, 5, '5', 'How are Social Value outcomes/returns measured and evaluated within your contract management processes for these services?', 'Annual contract monitoring includes a requirement to evidence that volunteering opportunities have been sought and put in place where appropriate', 'granted', '{}', '');
INSERT INTO public.parts VALUES (1, 6, '6', 'What impact, if any, has been achieved for your local area as a result of including Social Value within your organisation’s commissioning process for these services?', 'A number of young people have been able to take up these opportunities, however its full impact has not been subject to a full evaluation', 'granted', '{}', '');
INSERT INTO public.parts VALUES (1, 7, '7', 'What financial return, if any, has been achieved as a result of including Social Value within your organisation’s commissioning process for these services?', 'The Council has not been able to quantify this (see question 6 response)', 'granted', '{}', '');
INSERT INTO public.parts VALUES (2, 1, '1', 'How many potholes were reported to the council in each of the last three financial years?', '', '', '{}', '');
INSERT INTO public.parts VALUES (2, 2, '2', 'How many of those were repaired within 28 days?', '', '', '{}', '');
INSERT INTO public.parts VALUES (2, 3, '3', 'How much did the council pay in compensation claims for vehicle damage caused by potholes in the same years?', '', '', '{}', '');
INSERT INTO public.parts VALUES (3, 1, '1', 'The annual mean nitrogen dioxide readings from each diffusion tube site in the borough for 2022, 2023 and 2024.', '', '', '{}', '');
INSERT INTO public.parts VALUES (3, 2, '2', 'The locations of any new monitoring sites planned for the coming year.', '', '', '{}', '');
INSERT INTO public.parts VALUES (4, 1, '1', 'Could you tell me how much the council spent on agency staff last year, and which agencies were used?', '', '', '{}', '');
INSERT INTO public.parts VALUES (5, 1, '1', 'Under the Freedom of Information Act please send me copies of every email sent or received by the planning department that mentions the Riverside development since 2015.', '', '', '{}', '');
INSERT INTO public.parts VALUES (6, 1, '1', 'Please provide the contract between the council and its waste collection contractor, including the pricing schedule.', '', '', '{}', '');
INSERT INTO public.parts VALUES (6, 2, '2', 'Please provide the most recent performance report under that contract.', '', '', '{}', '');
INSERT INTO public.parts VALUES (7, 1, '1', 'How many children were placed in residential care outside the borough in each year from 2020 to 2024, and what was the average weekly cost?', '', '', '{}', '');
INSERT INTO public.parts VALUES (8, 1, '1', 'Please provide any flood risk assessments held for the seafront since 2019, and the minutes of meetings where flood defences for the seafront were discussed.', '', '', '{}', '');


--
-- Data for Name: publication_counts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.publication_counts VALUES ('Children''s services', '2023-05', 1);


--
-- Data for Name: publications; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.publications VALUES (202305300000012748, 1, 'FOI', 12748, 'foia', 'Children''s services', '2023-05-30', '2023-05-02', '2023-05-30', 'granted', '2026-12-07 23:34:32.354029+00', '2026-12-07 23:34:32.354029+00', NULL, 'Placements', '', 'I would like to request the following information under the Freedom of Information Act (2000) regarding the use of Social Value in your organisation’s commissioning processes for care and accommodation services for Children Looked After.

1. The Social Value Act 2012 requires commissioning authorities to give consideration at the pre-procurement stage to how what is to be procured may improve the social, environmental and economic well-being of the relevant area over and above the core delivery of a contract; how any such improvement might be secured; and the need to consult.

Does your organisation give consideration to Social Value in commissioning the following services? 
• Independent Fostering Agencies (IFAs) 
• Residential children’s homes and/or parent and child units 
• 16+ semi-independent accommodation 
• Accommodation services for unaccompanied asylum-seeking children

2. If so, what Social Value/added value outcomes does your organisation seek to achieve from either procurement exercises or contracts for these services?

3. How does your organisation communicate its required Social Value outcomes to service providers (e.g. face-to-face engagement, building Social Value requirements into service specifications, including Social Value questions within the quality section of Invitations to Tender, etc.)?

4. If your organisation includes Social Value questions within Invitations to Tender for these services, approximately what weighting is given to these questions?

5. How are Social Value outcomes/returns measured and evaluated within your contract management processes for these services?

6. What impact, if any, has been achieved for your local area as a result of including Social Value within your organisation’s commissioning process for these services?

7. What financial return, if any, has been achieved as a result of including Social Value within your organisation’s commissioning process for these services?', '', '[{"text": "The Social Value Act 2012 requires commissioning authorities to give consideration at the pre-procurement stage to how what is to be procured may improve the social, environmental and economic well-being of the relevant area over and above the core delivery of a contract; how any such improvement might be secured; and the need to consult.\n\nDoes your organisation give consideration to Social Value in commissioning the following services?\n• Independent Fostering Agencies (IFAs)\n• Residential children’s homes and/or parent and child units\n• 16+ semi-independent accommodation\n• Accommodation services for unaccompanied asylum-seeking children", "label": "1", "answer": "Yes", "number": 1, "outcome": "granted"}, {"text": "If so, what Social Value/added value outcomes does your organisation seek to achieve from either procurement exercises or contracts for these services?", "label": "2", "answer": "The required social value outcome with these services is for the provider to source and support volunteering opportunities for young people who are looked after in placement", "number": 2, "outcome": "granted"}, {"text": "How does your organisation communicate its required Social Value outcomes to service providers (e.g. face-to-face engagement, building Social Value requirements into service specifications, including Social Value questions within the quality section of Invitations to Tender, etc.)?", "label": "3", "answer": "This requirement is built into the service specification that forms part of the contract", "number": 3, "outcome": "granted"}, {"text": "If your organisation includes Social Value questions within Invitations to Tender for these services, approximately what weighting is given to these questions?", "label": "4", "answer": "3%", "number": 4, "outcome": "granted"}, {"text": "How are Social Value outcomes/returns measured and evaluated within your contract management processes for these services?", "label": "5", "answer": "Annual contract monitoring includes a requirement to evidence that volunteering opportunities have been sought and put in place where appropriate", "number": 5, "outcome": "granted"}, {"text": "What impact, if any, has been achieved for your local area as a result of including Social Value within your organisation’s commissioning process for these services?", "label": "6", "answer": "A number of young people have been able to take up these opportunities, however its full impact has not been subject to a full evaluation", "number": 6, "outcome": "granted"}, {"text": "What financial return, if any, has been achieved as a result of including Social Value within your organisation’s commissioning process for these services?", "label": "7", "answer": "The Council has not been able to quantify this (see question 6 response)", "number": 7, "outcome": "granted"}]', '''1'':37C ''16'':125C,380C ''2'':139C ''2000'':16C ''2012'':42C,297C ''3'':162C,519C ''4'':202C ''5'':225C ''6'':242C,641C ''7'':269C ''abl'':589C,635C ''accommod'':31C,129C,131C,384C,386C ''achiev'':152C,249C,277C,407C,562C,614C ''act'':15C,41C,296C ''agenc'':113C,368C ''and/or'':119C,374C ''annual'':536C ''appropri'':555C ''approxim'':217C,511C ''area'':75C,253C,330C,566C ''asylum'':136C,391C ''asylum-seek'':135C,390C ''author'':45C,300C ''build'':182C,463C ''built'':486C ''care'':29C ''child'':122C,377C ''children'':34C,138C,393C ''children’'':117C,372C ''commiss'':26C,44C,106C,264C,288C,299C,361C,577C,625C ''communic'':167C,448C ''consider'':48C,101C,303C,356C ''consult'':96C,351C ''contract'':84C,158C,236C,339C,413C,496C,530C,537C ''core'':80C,335C ''council'':631C ''deliveri'':81C,336C ''e.g'':176C,457C ''econom'':68C,323C ''either'':154C,409C ''engag'':181C,462C ''environment'':66C,321C ''etc'':201C,482C ''evalu'':233C,527C,606C ''evid'':543C ''exercis'':156C,411C ''face'':178C,180C,459C,461C ''face-to-fac'':177C,458C ''financi'':271C,608C ''follow'':8C,108C,363C ''form'':492C ''foster'':112C,367C ''freedom'':12C ''full'':597C,605C ''give'':47C,100C,302C,355C ''given'':221C,515C ''home'':118C,373C ''howev'':595C ''ifa'':114C,369C ''impact'':244C,557C,598C ''improv'':63C,88C,318C,343C ''includ'':189C,206C,258C,282C,470C,500C,539C,571C,619C ''independ'':111C,128C,366C,383C ''inform'':9C,14C ''invit'':198C,211C,479C,505C ''like'':4C ''local'':252C,565C ''look'':35C,440C ''manag'':237C,531C ''may'':62C,317C ''measur'':231C,525C ''might'':89C,344C ''monitor'':538C ''need'':94C,349C ''number'':583C ''opportun'':434C,546C,594C ''organis'':99C,149C,166C,205C,354C,404C,447C,499C ''organisation’'':25C,263C,287C,576C,624C ''outcom'':146C,172C,401C,421C,453C ''outcomes/returns'':230C,524C ''parent'':120C,375C ''part'':493C ''peopl'':437C,586C ''place'':553C ''placement'':1A,443C ''pre'':52C,307C ''pre-procur'':51C,306C ''process'':27C,238C,265C,289C,532C,578C,626C ''procur'':53C,61C,155C,308C,316C,410C ''provid'':175C,428C,456C ''put'':551C ''qualiti'':195C,476C ''quantifi'':637C ''question'':192C,209C,224C,473C,503C,518C,640C ''regard'':17C ''relev'':74C,329C ''request'':6C ''requir'':43C,169C,185C,298C,418C,450C,466C,484C,541C ''residenti'':116C,371C ''respons'':642C ''result'':256C,280C,569C,617C ''return'':272C,609C ''section'':196C,477C ''secur'':91C,346C ''see'':639C ''seek'':137C,150C,392C,405C ''semi'':127C,382C ''semi-independ'':126C,381C ''servic'':32C,109C,132C,161C,174C,187C,216C,241C,268C,292C,364C,387C,416C,424C,455C,468C,489C,510C,535C,581C,629C ''social'':21C,39C,65C,103C,143C,170C,183C,190C,207C,228C,259C,283C,294C,320C,358C,398C,419C,451C,464C,471C,501C,522C,572C,620C ''sought'':549C ''sourc'':430C ''specif'':188C,469C,490C ''stage'':54C,309C ''subject'':602C ''support'':432C ''take'':591C ''tender'':200C,213C,481C,507C ''unaccompani'':134C,389C ''unit'':123C,378C ''use'':19C ''valu'':22C,40C,104C,145C,171C,184C,191C,208C,229C,260C,284C,295C,359C,400C,420C,452C,465C,472C,502C,523C,573C,621C ''value/added'':144C,399C ''volunt'':433C,545C ''weight'':219C,513C ''well'':70C,325C ''well-b'':69C,324C ''within'':193C,210C,234C,261C,285C,474C,504C,528C,574C,622C ''would'':3C ''yes'':394C ''young'':436C,585C ''•'':110C,115C,124C,130C,365C,370C,379C,385C');


--
-- Data for Name: rate_limits; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: regulator_cases; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: requesters; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.requesters OVERRIDING SYSTEM VALUE VALUES (1, 'Sam Researcher', 'sam.researcher@example.org', '', '');
INSERT INTO public.requesters OVERRIDING SYSTEM VALUE VALUES (2, 'Priya Shah', 'priya.shah@example.org', '', '');
INSERT INTO public.requesters OVERRIDING SYSTEM VALUE VALUES (3, 'Tom Green', 'tom@example.net', '', '');
INSERT INTO public.requesters OVERRIDING SYSTEM VALUE VALUES (4, 'Margaret Ellis', '', '12 Orchard Way
Grays
RM17 5AB', '');
INSERT INTO public.requesters OVERRIDING SYSTEM VALUE VALUES (5, 'Daniel Okafor', 'd.okafor@example.com', '', '');
INSERT INTO public.requesters OVERRIDING SYSTEM VALUE VALUES (6, 'Local Democracy Reporter', 'newsdesk@example.co.uk', '', '');
INSERT INTO public.requesters OVERRIDING SYSTEM VALUE VALUES (7, 'Chris Barker', 'chris.barker@example.org', '', '');
INSERT INTO public.requesters OVERRIDING SYSTEM VALUE VALUES (8, 'Friends of Grays Beach', 'friends@example.org.uk', '', '');


--
-- Data for Name: requests; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.requests OVERRIDING SYSTEM VALUE VALUES (1, 'FOI', 12748, 1, 'foia', 'email', '2023-05-01 23:00:00+00', '2023-05-02', 'I would like to request the following information under the Freedom of Information Act (2000) regarding the use of Social Value in your organisation’s commissioning processes for care and accommodation services for Children Looked After.

1. The Social Value Act 2012 requires commissioning authorities to give consideration at the pre-procurement stage to how what is to be procured may improve the social, environmental and economic well-being of the relevant area over and above the core delivery of a contract; how any such improvement might be secured; and the need to consult.

Does your organisation give consideration to Social Value in commissioning the following services? 
• Independent Fostering Agencies (IFAs) 
• Residential children’s homes and/or parent and child units 
• 16+ semi-independent accommodation 
• Accommodation services for unaccompanied asylum-seeking children

2. If so, what Social Value/added value outcomes does your organisation seek to achieve from either procurement exercises or contracts for these services?

3. How does your organisation communicate its required Social Value outcomes to service providers (e.g. face-to-face engagement, building Social Value requirements into service specifications, including Social Value questions within the quality section of Invitations to Tender, etc.)?

4. If your organisation includes Social Value questions within Invitations to Tender for these services, approximately what weighting is given to these questions?

5. How are Social Value outcomes/returns measured and evaluated within your contract management processes for these services?

6. What impact, if any, has been achieved for your local area as a result of including Social Value within your organisation’s commissioning process for these services?

7. What financial return, if any, has been achieved as a result of including Social Value within your organisation’s commissioning process for these services?', 'I would like to request the following information under the Freedom of Information Act (2000) regarding the use of Social Value in your organisation’s commissioning processes for care and accommodation services for Children Looked After.', 'responded', '2023-06-01', 'govuk-62ad314bb134', NULL, '2023-05-30', 'granted', '2026-12-07 23:34:31.772052+00', '2026-12-07 23:34:32.308371+00', 9);
INSERT INTO public.requests OVERRIDING SYSTEM VALUE VALUES (7, 'FOI', 12754, 7, 'foia', 'email', '2026-10-28 00:00:00+00', '2026-10-28', 'How many children were placed in residential care outside the borough in each year from 2020 to 2024, and what was the average weekly cost?', '', 'open', '2026-11-25', 'govuk-62ad314bb134', NULL, NULL, '', '2026-12-07 23:34:33.008379+00', '2026-12-07 23:34:33.008379+00', 1);
INSERT INTO public.requests OVERRIDING SYSTEM VALUE VALUES (2, 'FOI', 12749, 2, 'foia', 'web', '2026-12-05 00:00:00+00', '2026-12-05', 'Please provide the following information about pothole repairs:
1. How many potholes were reported to the council in each of the last three financial years?
2. How many of those were repaired within 28 days?
3. How much did the council pay in compensation claims for vehicle damage caused by potholes in the same years?', 'Please provide the following information about pothole repairs:', 'open', '2027-01-07', 'govuk-62ad314bb134', NULL, NULL, '', '2026-12-07 23:34:32.415847+00', '2026-12-07 23:34:32.415847+00', 1);
INSERT INTO public.requests OVERRIDING SYSTEM VALUE VALUES (3, 'EIR', 12750, 3, 'eir', 'email', '2026-11-28 00:00:00+00', '2026-11-28', 'I am writing to ask for air quality monitoring data.

1. The annual mean nitrogen dioxide readings from each diffusion tube site in the borough for 2022, 2023 and 2024.
2. The locations of any new monitoring sites planned for the coming year.', 'I am writing to ask for air quality monitoring data.', 'open', '2026-12-30', 'govuk-62ad314bb134', NULL, NULL, '', '2026-12-07 23:34:32.582427+00', '2026-12-07 23:34:32.582427+00', 1);
INSERT INTO public.requests OVERRIDING SYSTEM VALUE VALUES (4, 'FOI', 12751, 4, 'foia', 'post', '2026-11-22 00:00:00+00', '2026-11-22', 'Could you tell me how much the council spent on agency staff last year, and which agencies were used?', '', 'awaiting-clarification', '2026-12-21', 'govuk-62ad314bb134', NULL, NULL, '', '2026-12-07 23:34:32.662212+00', '2026-12-07 23:34:32.722617+00', 2);
INSERT INTO public.requests OVERRIDING SYSTEM VALUE VALUES (5, 'FOI', 12752, 5, 'foia', 'email', '2026-11-17 00:00:00+00', '2026-11-17', 'Under the Freedom of Information Act please send me copies of every email sent or received by the planning department that mentions the Riverside development since 2015.', '', 'awaiting-fee', '2026-12-16', 'govuk-62ad314bb134', NULL, NULL, '', '2026-12-07 23:34:32.750107+00', '2026-12-07 23:34:32.81867+00', 2);
INSERT INTO public.requests OVERRIDING SYSTEM VALUE VALUES (6, 'FOI', 12753, 6, 'foia', 'web', '2026-11-07 00:00:00+00', '2026-11-07', '1. Please provide the contract between the council and its waste collection contractor, including the pricing schedule.
2. Please provide the most recent performance report under that contract.', '', 'extended', '2027-01-08', 'govuk-62ad314bb134', NULL, NULL, '', '2026-12-07 23:34:32.841966+00', '2026-12-07 23:34:32.879926+00', 2);
INSERT INTO public.requests OVERRIDING SYSTEM VALUE VALUES (8, 'EIR', 12755, 8, 'eir', 'web', '2026-12-02 00:00:00+00', '2026-12-02', 'Please provide any flood risk assessments held for the seafront since 2019, and the minutes of meetings where flood defences for the seafront were discussed.', '', 'open', '2027-01-05', 'govuk-62ad314bb134', NULL, NULL, '', '2026-12-07 23:34:33.016551+00', '2026-12-07 23:34:33.016551+00', 1);


--
-- Data for Name: reviews; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_migrations VALUES (1, '0001_init.sql', '2026-12-07 23:34:30.249882+00');
INSERT INTO public.schema_migrations VALUES (2, '0002_publications.sql', '2026-12-07 23:34:30.490483+00');
INSERT INTO public.schema_migrations VALUES (3, '0003_reviews.sql', '2026-12-07 23:34:30.587877+00');
INSERT INTO public.schema_migrations VALUES (4, '0004_mail.sql', '2026-12-07 23:34:30.63722+00');
INSERT INTO public.schema_migrations VALUES (5, '0005_tracking.sql', '2026-12-07 23:34:30.687623+00');
INSERT INTO public.schema_migrations VALUES (6, '0006_staff.sql', '2026-12-07 23:34:30.755868+00');
INSERT INTO public.schema_migrations VALUES (7, '0007_my_open_cases.sql', '2026-12-07 23:34:30.895833+00');
INSERT INTO public.schema_migrations VALUES (8, '0008_stats.sql', '2026-12-07 23:34:30.94383+00');
INSERT INTO public.schema_migrations VALUES (9, '0009_job_runs.sql', '2026-12-07 23:34:30.951844+00');


--
-- Data for Name: sessions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: settings; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.settings VALUES ('reference_start', '12700');
INSERT INTO public.settings VALUES ('authority_website', '');
INSERT INTO public.settings VALUES ('foi_email', 'information.matters@thurrock.gov.uk');
INSERT INTO public.settings VALUES ('copyright_owner', '');
INSERT INTO public.settings VALUES ('brand_colour', '#2b4a75');
INSERT INTO public.settings VALUES ('review_team', 'a senior member of the Information Management Team');
INSERT INTO public.settings VALUES ('default_regime', '');
INSERT INTO public.settings VALUES ('authority_name', 'Thurrock Council');
INSERT INTO public.settings VALUES ('authority_short_name', '');


--
-- Data for Name: tokens; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.tokens OVERRIDING SYSTEM VALUE VALUES (1, 1, '4f284ee733dd05e7af2ecdf6b19f0a6d2fdd4207757fe7da2f3f64262a7b0a55', 'demo', '2026-12-07 23:34:31.684063+00', NULL);


--
-- Data for Name: totp_secrets; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: tracking_tokens; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.users OVERRIDING SYSTEM VALUE VALUES (1, 'demo@disclose.example', 'Demo Officer', 'admin', '$argon2id$v=19$m=19456,t=2,p=1$ewNLOBI/7TX+t3bNWMOrPw$3BPMxL7z6YgPyUsC5gNOkpoeaMD37YHSL/SiG7eNsRA', false, '2026-12-07 23:34:31.684063+00');


--
-- Name: attachments_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.attachments_id_seq', 1, false);


--
-- Name: events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.events_id_seq', 21, true);


--
-- Name: inbound_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.inbound_id_seq', 1, false);


--
-- Name: letters_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.letters_id_seq', 1, false);


--
-- Name: login_failures_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.login_failures_id_seq', 1, false);


--
-- Name: outbox_attachments_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.outbox_attachments_id_seq', 1, false);


--
-- Name: outbox_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.outbox_id_seq', 1, false);


--
-- Name: regulator_cases_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.regulator_cases_id_seq', 1, false);


--
-- Name: requesters_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.requesters_id_seq', 8, true);


--
-- Name: requests_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.requests_id_seq', 8, true);


--
-- Name: reviews_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.reviews_id_seq', 1, false);


--
-- Name: tokens_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tokens_id_seq', 1, true);


--
-- Name: tracking_tokens_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tracking_tokens_id_seq', 1, false);


--
-- Name: users_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.users_id_seq', 1, true);


--
-- Name: attachments attachments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachments
    ADD CONSTRAINT attachments_pkey PRIMARY KEY (id);


--
-- Name: blobs blobs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.blobs
    ADD CONSTRAINT blobs_pkey PRIMARY KEY (hash);


--
-- Name: calendars calendars_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.calendars
    ADD CONSTRAINT calendars_pkey PRIMARY KEY (version);


--
-- Name: counters counters_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.counters
    ADD CONSTRAINT counters_pkey PRIMARY KEY (name);


--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);


--
-- Name: inbound inbound_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inbound
    ADD CONSTRAINT inbound_pkey PRIMARY KEY (id);


--
-- Name: inbound inbound_source_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inbound
    ADD CONSTRAINT inbound_source_key_key UNIQUE (source_key);


--
-- Name: job_runs job_runs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.job_runs
    ADD CONSTRAINT job_runs_pkey PRIMARY KEY (job, day);


--
-- Name: letters letters_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.letters
    ADD CONSTRAINT letters_pkey PRIMARY KEY (id);


--
-- Name: login_failures login_failures_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_failures
    ADD CONSTRAINT login_failures_pkey PRIMARY KEY (id);


--
-- Name: outbox_attachments outbox_attachments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox_attachments
    ADD CONSTRAINT outbox_attachments_pkey PRIMARY KEY (id);


--
-- Name: outbox outbox_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT outbox_key_key UNIQUE (key);


--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (id);


--
-- Name: part_assignments part_assignments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.part_assignments
    ADD CONSTRAINT part_assignments_pkey PRIMARY KEY (request_id, part, user_id);


--
-- Name: parts parts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.parts
    ADD CONSTRAINT parts_pkey PRIMARY KEY (request_id, number);


--
-- Name: publication_counts publication_counts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.publication_counts
    ADD CONSTRAINT publication_counts_pkey PRIMARY KEY (category, month);


--
-- Name: publications publications_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.publications
    ADD CONSTRAINT publications_pkey PRIMARY KEY (key);


--
-- Name: publications publications_ref_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.publications
    ADD CONSTRAINT publications_ref_number_key UNIQUE (ref_number);


--
-- Name: publications publications_request_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.publications
    ADD CONSTRAINT publications_request_key UNIQUE (request_id);


--
-- Name: rate_limits rate_limits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.rate_limits
    ADD CONSTRAINT rate_limits_pkey PRIMARY KEY (key, window_start);


--
-- Name: regulator_cases regulator_cases_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.regulator_cases
    ADD CONSTRAINT regulator_cases_pkey PRIMARY KEY (id);


--
-- Name: requesters requesters_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requesters
    ADD CONSTRAINT requesters_pkey PRIMARY KEY (id);


--
-- Name: requests requests_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requests
    ADD CONSTRAINT requests_pkey PRIMARY KEY (id);


--
-- Name: requests requests_ref_number_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requests
    ADD CONSTRAINT requests_ref_number_key UNIQUE (ref_number);


--
-- Name: reviews reviews_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (hash);


--
-- Name: settings settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settings
    ADD CONSTRAINT settings_pkey PRIMARY KEY (key);


--
-- Name: tokens tokens_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tokens
    ADD CONSTRAINT tokens_hash_key UNIQUE (hash);


--
-- Name: tokens tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tokens
    ADD CONSTRAINT tokens_pkey PRIMARY KEY (id);


--
-- Name: totp_secrets totp_secrets_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.totp_secrets
    ADD CONSTRAINT totp_secrets_pkey PRIMARY KEY (user_id);


--
-- Name: tracking_tokens tracking_tokens_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tracking_tokens
    ADD CONSTRAINT tracking_tokens_hash_key UNIQUE (hash);


--
-- Name: tracking_tokens tracking_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tracking_tokens
    ADD CONSTRAINT tracking_tokens_pkey PRIMARY KEY (id);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: attachments_request; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX attachments_request ON public.attachments USING btree (request_id, id);


--
-- Name: calendars_imported; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX calendars_imported ON public.calendars USING btree (imported_at DESC);


--
-- Name: events_extended; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_extended ON public.events USING btree (request_id) WHERE (type = 'extended'::text);


--
-- Name: events_request; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX events_request ON public.events USING btree (request_id, id);


--
-- Name: inbound_request; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX inbound_request ON public.inbound USING btree (request_id, id);


--
-- Name: inbound_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX inbound_status ON public.inbound USING btree (status, id);


--
-- Name: letters_request; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX letters_request ON public.letters USING btree (request_id, id);


--
-- Name: login_failures_key; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX login_failures_key ON public.login_failures USING btree (key, at);


--
-- Name: outbox_attachments_message; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX outbox_attachments_message ON public.outbox_attachments USING btree (message_id, id);


--
-- Name: outbox_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX outbox_due ON public.outbox USING btree (next_attempt_at, id) WHERE (status = ANY (ARRAY['queued'::text, 'sending'::text]));


--
-- Name: outbox_request; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX outbox_request ON public.outbox USING btree (request_id, id);


--
-- Name: part_assignments_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX part_assignments_user ON public.part_assignments USING btree (user_id, request_id);


--
-- Name: publications_public; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX publications_public ON public.publications USING btree (key DESC) WHERE (unpublished_at IS NULL);


--
-- Name: publications_public_category; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX publications_public_category ON public.publications USING btree (category, key DESC) WHERE (unpublished_at IS NULL);


--
-- Name: publications_search; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX publications_search ON public.publications USING gin (search) WHERE (unpublished_at IS NULL);


--
-- Name: rate_limits_window; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX rate_limits_window ON public.rate_limits USING btree (window_start);


--
-- Name: regulator_cases_request; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX regulator_cases_request ON public.regulator_cases USING btree (request_id, id);


--
-- Name: requesters_email; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requesters_email ON public.requesters USING btree (lower(email));


--
-- Name: requests_assignee_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requests_assignee_due ON public.requests USING btree (assignee_id, due_on) WHERE (assignee_id IS NOT NULL);


--
-- Name: requests_assignee_status_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requests_assignee_status_due ON public.requests USING btree (assignee_id, status, due_on, ref_number);


--
-- Name: requests_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requests_due ON public.requests USING btree (due_on, ref_number);


--
-- Name: requests_received; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requests_received ON public.requests USING btree (received_at DESC, ref_number DESC);


--
-- Name: requests_received_on; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requests_received_on ON public.requests USING btree (received_on);


--
-- Name: requests_regime_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requests_regime_due ON public.requests USING btree (regime, due_on);


--
-- Name: requests_requester; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requests_requester ON public.requests USING btree (requester_id);


--
-- Name: requests_stats; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requests_stats ON public.requests USING btree (received_on, regime, status, outcome, due_on, responded_on);


--
-- Name: requests_status_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX requests_status_due ON public.requests USING btree (status, due_on);


--
-- Name: reviews_open_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX reviews_open_due ON public.reviews USING btree (due_on) WHERE (completed_on IS NULL);


--
-- Name: reviews_request; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX reviews_request ON public.reviews USING btree (request_id, id);


--
-- Name: sessions_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sessions_user ON public.sessions USING btree (user_id);


--
-- Name: tokens_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tokens_user ON public.tokens USING btree (user_id);


--
-- Name: tracking_tokens_request; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tracking_tokens_request ON public.tracking_tokens USING btree (request_id);


--
-- Name: users_email_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX users_email_key ON public.users USING btree (lower(email));


--
-- Name: events events_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON public.events FOR EACH STATEMENT EXECUTE FUNCTION public.events_append_only();


--
-- Name: events events_no_update_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER events_no_update_delete BEFORE DELETE OR UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION public.events_append_only();


--
-- Name: attachments attachments_hash_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachments
    ADD CONSTRAINT attachments_hash_fkey FOREIGN KEY (hash) REFERENCES public.blobs(hash);


--
-- Name: attachments attachments_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.attachments
    ADD CONSTRAINT attachments_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.requests(id);


--
-- Name: events events_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.requests(id);


--
-- Name: inbound inbound_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.inbound
    ADD CONSTRAINT inbound_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.requests(id);


--
-- Name: letters letters_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.letters
    ADD CONSTRAINT letters_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.requests(id);


--
-- Name: outbox_attachments outbox_attachments_message_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox_attachments
    ADD CONSTRAINT outbox_attachments_message_id_fkey FOREIGN KEY (message_id) REFERENCES public.outbox(id) ON DELETE CASCADE;


--
-- Name: outbox outbox_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outbox
    ADD CONSTRAINT outbox_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.requests(id);


--
-- Name: part_assignments part_assignments_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.part_assignments
    ADD CONSTRAINT part_assignments_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.requests(id);


--
-- Name: part_assignments part_assignments_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.part_assignments
    ADD CONSTRAINT part_assignments_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: parts parts_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.parts
    ADD CONSTRAINT parts_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.requests(id) ON DELETE CASCADE;


--
-- Name: publications publications_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.publications
    ADD CONSTRAINT publications_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.requests(id);


--
-- Name: regulator_cases regulator_cases_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.regulator_cases
    ADD CONSTRAINT regulator_cases_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.requests(id);


--
-- Name: requests requests_requester_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.requests
    ADD CONSTRAINT requests_requester_id_fkey FOREIGN KEY (requester_id) REFERENCES public.requesters(id);


--
-- Name: reviews reviews_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reviews
    ADD CONSTRAINT reviews_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.requests(id);


--
-- Name: sessions sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: tokens tokens_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tokens
    ADD CONSTRAINT tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: totp_secrets totp_secrets_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.totp_secrets
    ADD CONSTRAINT totp_secrets_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: tracking_tokens tracking_tokens_request_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tracking_tokens
    ADD CONSTRAINT tracking_tokens_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.requests(id);


--
-- PostgreSQL database dump complete
--

\unrestrict b8CUJI0sE2QeclqVqLFk1xILBSvquUwh1ITg7zPKYnLa6AU3wBul1gLrOwVI7yz

