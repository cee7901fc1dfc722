package dev.genaimon.evaluators.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageGuesserTest {

    @Test
    void shouldGuessCommonLanguagesFromScriptAndFunctionWords() {
        assertThat(LanguageGuesser.guess("How do I reset the password for my account?")).isEqualTo("en");
        assertThat(LanguageGuesser.guess("Wie kann ich das Passwort für mein Konto ändern? Es ist nicht klar.")).isEqualTo("de");
        assertThat(LanguageGuesser.guess("Comment est-ce que je change le mot de passe pour mon compte ?")).isEqualTo("fr");
        assertThat(LanguageGuesser.guess("¿Cómo cambio la contraseña de mi cuenta para que sea segura?")).isEqualTo("es");
        assertThat(LanguageGuesser.guess("Как изменить пароль моей учётной записи?")).isEqualTo("ru");
        assertThat(LanguageGuesser.guess("如何更改我的账户密码？")).isEqualTo("zh");
        assertThat(LanguageGuesser.guess("パスワードを変更するにはどうすればいいですか")).isEqualTo("ja");
    }

    @Test
    void shouldSayUndeterminedWhenUnsure() {
        assertThat(LanguageGuesser.guess("")).isEqualTo("und");
        assertThat(LanguageGuesser.guess("12345 !!!")).isEqualTo("und");
        assertThat(LanguageGuesser.guess("SELECT * FROM invoices")).isEqualTo("und");
    }
}
