package org.spineoutcomes.ingest.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.spineoutcomes.schemas.RejectionReason;

/**
 * The one strict JSON reader of the contract: duplicate keys, trailing content after the value, NaN/Infinity,
 * comments, single quotes, unquoted names, leading zeros and trailing commas are all errors.
 * The {@link ObjectReader} is immutable and thread-safe; share it (an HTTP endpoint should read request bodies
 * with {@link #reader()} and hand the tree to {@link EventParser#parse(String, JsonNode)}).
 */
public final class StrictJson {

  private static final ObjectReader READER = JsonMapper.builder(JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .disable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .disable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
          .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .disable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build()
      .reader();

  private StrictJson() {
  }

  /** The shared strict reader. */
  public static ObjectReader reader() {
    return READER;
  }

  /** A BAD_JSON rejection describing a Jackson failure, without echoing any of the offending text. */
  static ParseResult.Rejected badJson(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    if (e instanceof MismatchedInputException && message.startsWith("Trailing token")) {
      message = "unexpected content after the end of the JSON object";
    } else if (message.contains("ALLOW_NON_NUMERIC_NUMBERS")) {
      message = "NaN and Infinity are not JSON numbers";
    } else if (message.contains("ALLOW_COMMENTS")) {
      message = "comments are not allowed in JSON";
    } else {
      int newline = message.indexOf('\n');
      if (newline >= 0) {
        message = message.substring(0, newline);
      }
      // Jackson quotes an unrecognised word, which could be a patient id written without quotes: leave it out.
      int end = message.indexOf("': was expecting");
      if (message.startsWith("Unrecognized token '") && end > 0) {
        message = "Unrecognized token" + message.substring(end + 1);
      }
      if (message.length() > 200) {
        message = message.substring(0, 200) + "...";
      }
    }
    JsonLocation location = e.getLocation();
    String where = location != null && location.getColumnNr() > 0 ? " at column " + location.getColumnNr() : "";
    return new ParseResult.Rejected(RejectionReason.BAD_JSON, null,
        "the line is not valid JSON" + where + ": " + message + "; expected one JSON object per line");
  }
}
