package io.dramatiq.composition;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bytes Python Dramatiq wrote for the named vectors of
 * {@code vectors/envelopes.jsonl}.
 */
final class Vectors {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private Vectors() {
	}

	static String python(String name) {
		try (InputStream in = Vectors.class.getResourceAsStream("/vectors/envelopes.jsonl")) {
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isBlank()) {
					JsonNode vector = mapper.readTree(line);
					if (vector.get("name").stringValue().equals(name)) {
						return vector.get("python").stringValue();
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalArgumentException("No vector named " + name);
	}

}
