// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Hibernate Validator's log records to SLF4J.
 *
 * <p>Hibernate Validator logs through jboss-logging, which picks JBoss LogManager, Log4j 2, Log4j or Logback when the
 * application has one, and otherwise java.util.logging, whose default console handler prints INFO records, such as
 * the {@code HV000001} version line, to stderr. This SDK logs through SLF4J only, so before it builds its validator it
 * gives the java.util.logging category {@code org.hibernate.validator} a handler that forwards to SLF4J, under the
 * same logger names. It leaves the category alone when the application has configured it (a handler, or parent
 * handlers turned off), and it sets no system property: other users of jboss-logging in the application choose their
 * backend as before. When jboss-logging picked another backend, the handler never sees a record.
 */
final class ValidatorLogging {
    private static final String CATEGORY = "org.hibernate.validator";
    /** Held so that the configured java.util.logging logger is not collected (it is weakly referenced). */
    private static final java.util.logging.Logger JUL = java.util.logging.Logger.getLogger(CATEGORY);

    private ValidatorLogging() {
    }

    /** Installs the forwarding handler, unless the application configured the category; idempotent. */
    static synchronized void routeToSlf4j() {
        if (JUL.getHandlers().length == 0 && JUL.getUseParentHandlers()) {
            JUL.addHandler(new Slf4jHandler());
            JUL.setUseParentHandlers(false);
        }
    }

    /** Forwards each record to the SLF4J logger of the same name, at the nearest level. */
    private static final class Slf4jHandler extends Handler {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record == null) {
                return;
            }
            String name = record.getLoggerName() == null ? CATEGORY : record.getLoggerName();
            Logger log = LoggerFactory.getLogger(name);
            int level = record.getLevel().intValue();
            String message = formatter.formatMessage(record);
            Throwable thrown = record.getThrown();
            if (level >= Level.SEVERE.intValue()) {
                log.error(message, thrown);
            } else if (level >= Level.WARNING.intValue()) {
                log.warn(message, thrown);
            } else if (level >= Level.INFO.intValue()) {
                log.info(message, thrown);
            } else if (level >= Level.FINE.intValue()) {
                log.debug(message, thrown);
            } else {
                log.trace(message, thrown);
            }
        }

        @Override
        public void flush() {
            // nothing buffered
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
