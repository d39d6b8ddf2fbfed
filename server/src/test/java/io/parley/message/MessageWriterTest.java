package io.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures of a batch are worth retrying (server-busy) and which are the data's fault (isolate, reject). */
class MessageWriterTest {

    @Test
    void whatTheDataHoldsIsPermanent() {
        assertThat(MessageWriter.isTransient(new DataIntegrityViolationException("nul",
                new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021")))).isFalse();
        assertThat(MessageWriter.isTransient(new DataIntegrityViolationException("check",
                new SQLException("violates check constraint", "23514")))).isFalse();
        assertThat(MessageWriter.isTransient(new IllegalStateException("a bug of ours"))).isFalse();
    }

    @Test
    void theDatabasesStateIsTransient() {
        assertThat(MessageWriter.isTransient(new UncategorizedSQLException("insert", "insert",
                new SQLException("connection lost", "08006")))).isTrue();
        assertThat(MessageWriter.isTransient(new UncategorizedSQLException("insert", "insert",
                new SQLException("could not serialize", "40001")))).isTrue();
        assertThat(MessageWriter.isTransient(new UncategorizedSQLException("insert", "insert",
                new SQLException("too many connections", "53300")))).isTrue();
        assertThat(MessageWriter.isTransient(new UncategorizedSQLException("insert", "insert",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(MessageWriter.isTransient(new CannotGetJdbcConnectionException("pool timed out",
                new java.sql.SQLTransientConnectionException("timeout")))).isTrue();
        assertThat(MessageWriter.isTransient(new CannotCreateTransactionException("no connection"))).isTrue();
    }
}
