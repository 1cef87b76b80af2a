package dev.outagelab.dbnode.rest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One entry of a listing. Values are bytes, JSON is text: a value that is valid UTF-8 is sent as that text with
 * {@code base64=false}, any other value as standard base64 with {@code base64=true}, so no byte is ever lost or
 * replaced and the common (textual) case stays readable.
 */
public record KvItem(String key, String value, boolean base64) {

    public static KvItem of(String key, byte[] value) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
            return new KvItem(key, text, false);
        } catch (CharacterCodingException e) {
            return new KvItem(key, Base64.getEncoder().encodeToString(value), true);
        }
    }
}
