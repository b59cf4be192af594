-- SPDX-License-Identifier: Apache-2.0
-- A second schema version for the tests only: with it on the locations, JdbcRunStore behaves as a newer SDK would.
CREATE TABLE run_tags (
    run_id VARCHAR(100) NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
    tag    VARCHAR(100) NOT NULL,
    PRIMARY KEY (run_id, tag)
);
