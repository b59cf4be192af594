-- SPDX-License-Identifier: Apache-2.0
-- Run store schema version 1. One file for SQLite and PostgreSQL: portable types only (VARCHAR, TEXT, INTEGER,
-- DOUBLE PRECISION); timestamps are RFC 3339 UTC text with microseconds (2026-01-31T12:00:00.000000Z), which sorts
-- in time order and reads the same from any language. Released migrations are never edited: a change is a new
-- V<n>__*.sql file (docs/research/run-store.md).

CREATE TABLE runs (
    run_id        VARCHAR(100)  NOT NULL PRIMARY KEY,
    model_name    VARCHAR(200)  NOT NULL,
    model_version VARCHAR(100),
    build_id      VARCHAR(500)  NOT NULL,
    task          VARCHAR(64)   NOT NULL,
    status        VARCHAR(16)   NOT NULL,
    error         TEXT,
    config_json   TEXT,
    config_sha256 VARCHAR(64),
    delivery_id   VARCHAR(100),
    git_commit    VARCHAR(64),
    git_branch    VARCHAR(300),
    started_at    VARCHAR(32)   NOT NULL,
    ended_at      VARCHAR(32),
    CONSTRAINT runs_status CHECK (status IN ('running', 'succeeded', 'failed')),
    CONSTRAINT runs_ended CHECK ((status = 'running' AND ended_at IS NULL) OR (status <> 'running' AND ended_at IS NOT NULL)),
    CONSTRAINT runs_error CHECK ((status = 'failed' AND error IS NOT NULL) OR (status <> 'failed' AND error IS NULL))
);

CREATE INDEX runs_by_model ON runs (model_name, started_at);

CREATE TABLE run_datasets (
    run_id   VARCHAR(100) NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    position INTEGER      NOT NULL,
    name     VARCHAR(300) NOT NULL,
    sha256   VARCHAR(64)  NOT NULL,
    version  VARCHAR(100),
    PRIMARY KEY (run_id, position)
);

CREATE TABLE run_metrics (
    run_id     VARCHAR(100)     NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    position   INTEGER          NOT NULL,
    name       VARCHAR(200)     NOT NULL,
    value      DOUBLE PRECISION NOT NULL,
    dataset    VARCHAR(300),
    split      VARCHAR(100),
    slice_json TEXT,
    PRIMARY KEY (run_id, position)
);

CREATE INDEX run_metrics_by_name ON run_metrics (name, dataset);
