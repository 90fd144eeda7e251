-- Assertion helpers for rls_check.sql, session-local (pg_temp): included after each \connect.
CREATE FUNCTION pg_temp.expect(ok boolean, what text) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION 'CHECK FAILED: %', what;
    END IF;
    RAISE NOTICE 'ok: %', what;
END
$$;

-- Runs `stmt` and demands that it fails with SQLSTATE `state` and a message containing
-- `message_part`; the failed statement is rolled back (a subtransaction), the test goes on.
CREATE FUNCTION pg_temp.expect_error(stmt text, state text, message_part text, what text) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        EXECUTE stmt;
    EXCEPTION WHEN OTHERS THEN
        IF SQLSTATE <> state OR position(message_part IN SQLERRM) = 0 THEN
            RAISE EXCEPTION 'CHECK FAILED: %: expected % "%", got % "%"',
                what, state, message_part, SQLSTATE, SQLERRM;
        END IF;
        RAISE NOTICE 'ok: % (refused: %)', what, SQLERRM;
        RETURN;
    END;
    RAISE EXCEPTION 'CHECK FAILED: %: the statement succeeded: %', what, stmt;
END
$$;
