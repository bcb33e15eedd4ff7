package org.glassprobe.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Service;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.glassprobe.kubernetes.ManifestReader.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ManifestReaderTest {
    private static final Path INVALID = Path.of("src/test/resources/invalid");

    @Test
    void reads_each_document_of_a_file_into_its_kinds_model_skipping_empty_ones() throws Exception {
        Path file = Path.of("src/test/resources/valid/documents.yaml");

        List<Manifest> manifests = new ManifestReader().read(file);

        assertThat(manifests).extracting(m -> m.object().getKind() + " " + m.object().getMetadata().getName(),
                Manifest::document).containsExactly(tuple("Secret first", 1), tuple("Service second", 2));
        assertThat(((Service) manifests.get(1).object()).getSpec().getPorts().get(0).getTargetPort().getStrVal())
                .isEqualTo("http");
    }

    /** Each file under invalid/ and the exact error it gets: file, line, column, field path, why. */
    static Stream<Arguments> invalidManifests() {
        return Stream.of(
                Arguments.of("misspelt-field.yaml", "22:11: unknown field"
                        + " spec.template.spec.containers[0].readinesProbe (Container has no field \"readinesProbe\")"),
                Arguments.of("field-at-wrong-level.yaml", "16:7: unknown field spec.template.spec.replicas"
                        + " (PodSpec has no field \"replicas\")"),
                Arguments.of("additional-properties.yaml", "19:11: unknown field"
                        + " spec.template.spec.containers[0].additionalProperties"
                        + " (Container has no field \"additionalProperties\")"),
                Arguments.of("unquoted-env-value.yaml", "21:22: spec.template.spec.containers[0].env[0].value:"
                        + " expected a string, found a boolean (quote it)"),
                Arguments.of("duplicate-key.yaml", "8:11: duplicate field spec.replicas"
                        + " (YAML would keep one of the two silently)"),
                Arguments.of("no-name.yaml", "2:1: Deployment has no metadata.name"),
                Arguments.of("old-api-version.yaml", "2:1: kind Deployment of apiVersion extensions/v1beta1 is not"
                        + " one this test knows; add it to ManifestReader.KINDS so that its objects are checked"),
                Arguments.of("unknown-kind.yaml", "9:1: kind Ingress of apiVersion networking.k8s.io/v1 is not one"
                        + " this test knows; add it to ManifestReader.KINDS so that its objects are checked"));
    }

    @ParameterizedTest
    @MethodSource("invalidManifests")
    void refuses_what_kubernetes_would_refuse_naming_file_line_and_field(String file, String error) {
        Path path = INVALID.resolve(file);

        assertThatThrownBy(() -> new ManifestReader().read(path))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessage(path + ":" + error);
    }
}
