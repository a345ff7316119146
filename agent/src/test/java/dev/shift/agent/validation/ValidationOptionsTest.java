package dev.shift.agent.validation;

import dev.shift.agent.config.AgentOptions;
import dev.shift.agent.config.InvalidOptionsException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validation.* agent options, through the agent's own option parsing. */
class ValidationOptionsTest {

    @Test
    void defaultsAndEveryWayOfSettingThem() throws Exception {
        assertEquals(ValidationSettings.defaults(), AgentOptions.defaults().validation());
        assertEquals(100.0, AgentOptions.defaults().validation().samplePercent());
        assertEquals(2, AgentOptions.defaults().validation().threads());

        AgentOptions o = AgentOptions.parse("validation.sample=10,validation.threads=4,validation.mask=email:card_number",
                new Properties(), Map.of());
        assertEquals(10.0, o.validation().samplePercent());
        assertEquals(4, o.validation().threads());
        assertEquals(Set.of("email", "card_number"), o.validation().mask());

        Properties p = new Properties();
        p.setProperty("shift.validation.recent", "5");
        AgentOptions fromEnv = AgentOptions.parse(null, p, Map.of("SHIFT_VALIDATION_QUEUE", "17", "SHIFT_VALIDATION_MASK", "a,b"));
        assertEquals(5, fromEnv.validation().recent());
        assertEquals(17, fromEnv.validation().queue());
        assertEquals(Set.of("a", "b"), fromEnv.validation().mask());
    }

    @Test
    void invalidValuesAreRefusedWithTheReason() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                () -> AgentOptions.parse("validation.sample=abc,validation.threads=1000", new Properties(), Map.of()));
        assertTrue(e.getMessage().contains("validation.sample=abc is not valid"), e.getMessage());
        assertTrue(e.getMessage().contains("validation.threads=1000 is not valid"), e.getMessage());
    }
}
