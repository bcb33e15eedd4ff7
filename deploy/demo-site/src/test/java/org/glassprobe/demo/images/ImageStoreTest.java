package org.glassprobe.demo.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.glassprobe.demo.SiteClient;
import org.junit.jupiter.api.Test;

class ImageStoreTest {

    @Test
    void keeps_the_bytes_with_their_sha256_and_type() {
        ImageStore store = new ImageStore(10, 10_000);

        StoredImage stored = store.add(SiteClient.PNG, ImageType.PNG);

        assertThat(store.find(stored.id())).contains(stored);
        assertThat(stored.content()).isEqualTo(SiteClient.PNG);
        assertThat(stored.sha256()).isEqualTo(ImageStore.sha256Hex(SiteClient.PNG)).hasSize(64).isLowerCase();
        assertThat(stored.url()).isEqualTo("/images/" + stored.id());
        assertThat(store.stats()).isEqualTo(new ImageStats(1, SiteClient.PNG.length));
    }

    @Test
    void sha256_is_lower_case_hex_of_the_bytes() {
        assertThat(ImageStore.sha256Hex("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void stored_bytes_cannot_be_changed_from_outside() {
        ImageStore store = new ImageStore(10, 10_000);
        byte[] content = SiteClient.pngOfSize(100);
        StoredImage stored = store.add(content, ImageType.PNG);

        content[50] ^= 1;
        stored.content()[60] ^= 1;

        assertThat(store.find(stored.id()).orElseThrow().sha256()).isEqualTo(ImageStore.sha256Hex(stored.content()));
        assertThat(stored.content()).isEqualTo(SiteClient.pngOfSize(100));
    }

    @Test
    void evicts_the_oldest_when_the_count_is_reached() {
        ImageStore store = new ImageStore(3, 10_000);
        StoredImage first = store.add(SiteClient.pngOfSize(10), ImageType.PNG);
        StoredImage second = store.add(SiteClient.pngOfSize(11), ImageType.PNG);
        StoredImage third = store.add(SiteClient.pngOfSize(12), ImageType.PNG);

        StoredImage fourth = store.add(SiteClient.pngOfSize(13), ImageType.PNG);

        assertThat(store.find(first.id())).isEmpty();
        assertThat(store.find(second.id())).isPresent();
        assertThat(store.find(third.id())).isPresent();
        assertThat(store.find(fourth.id())).isPresent();
        assertThat(store.stats()).isEqualTo(new ImageStats(3, 11 + 12 + 13));
    }

    @Test
    void evicts_the_oldest_until_the_total_bytes_fit() {
        ImageStore store = new ImageStore(100, 1_000);
        StoredImage first = store.add(SiteClient.pngOfSize(400), ImageType.PNG);
        StoredImage second = store.add(SiteClient.pngOfSize(400), ImageType.PNG);

        StoredImage third = store.add(SiteClient.pngOfSize(300), ImageType.PNG);

        assertThat(store.find(first.id())).isEmpty();
        assertThat(store.find(second.id())).isPresent();
        assertThat(store.find(third.id())).isPresent();
        assertThat(store.stats()).isEqualTo(new ImageStats(2, 700));

        StoredImage whole = store.add(SiteClient.pngOfSize(1_000), ImageType.PNG);

        assertThat(store.find(second.id())).isEmpty();
        assertThat(store.find(third.id())).isEmpty();
        assertThat(store.stats()).isEqualTo(new ImageStats(1, 1_000));
        assertThat(store.find(whole.id())).isPresent();
    }

    @Test
    void refuses_an_image_larger_than_the_total_bound_and_keeps_the_others() {
        ImageStore store = new ImageStore(100, 1_000);
        StoredImage kept = store.add(SiteClient.pngOfSize(500), ImageType.PNG);

        assertThatThrownBy(() -> store.add(SiteClient.pngOfSize(1_001), ImageType.PNG))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1001 bytes");
        assertThat(store.find(kept.id())).isPresent();
    }

    @Test
    void an_unknown_id_finds_nothing() {
        assertThat(new ImageStore(1, 1).find("0123456789abcdef")).isEmpty();
    }

    @Test
    void an_image_knows_how_long_ago_it_was_added_until_it_is_evicted() {
        long[] now = {1_000};
        ImageStore store = new ImageStore(1, 10_000, () -> now[0]);
        StoredImage first = store.add(org.glassprobe.demo.SiteClient.PNG, ImageType.PNG);
        now[0] += 2_500_000;
        assertThat(store.age(first.id())).contains(java.time.Duration.ofNanos(2_500_000));
        store.add(org.glassprobe.demo.SiteClient.PNG, ImageType.PNG);
        assertThat(store.age(first.id())).as("evicted").isEmpty();
    }
}
