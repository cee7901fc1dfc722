package dev.genaimon.evaluators.quality.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void shouldSplitSentencesButNotAtAbbreviationsOrInitials() {
        assertThat(Texts.sentences("Dr. Smith met J. R. R. Tolkien in 1950. They talked! Did they write? Yes."))
                .containsExactly("Dr. Smith met J. R. R. Tolkien in 1950.", "They talked!", "Did they write?", "Yes.");
        assertThat(Texts.sentences("")).isEmpty();
        assertThat(Texts.sentences("no punctuation at all")).containsExactly("no punctuation at all");
    }

    @Test
    void shouldStemPluralsAndVerbForms() {
        assertThat(Texts.stem("films")).isEqualTo(Texts.stem("film"));
        assertThat(Texts.stem("countries")).isEqualTo("country");
        assertThat(Texts.stem("nixon's")).isEqualTo("nixon");
        assertThat(Texts.contentStems("The films of the country")).containsExactly("film", "country");
    }

    @Test
    void shouldFindNumbersDatesAndNames() {
        assertThat(Entities.of("Born on March 2, 1991 in Paris, she sold 1,000 copies."))
                .extracting(Entities.Entity::key)
                .contains("2", "1991", "1000", "march", "paris");
    }
}
