package io.recflow.activities.store;

import java.net.URI;

/** An {@code s3://bucket/key} address. */
public record S3Location(String bucket, String key) {

    public static S3Location parse(String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an s3:// URI: " + uri, e);
        }
        String path = parsed.getPath();
        if (!"s3".equals(parsed.getScheme()) || parsed.getHost() == null || path == null || path.length() < 2) {
            throw new IllegalArgumentException("expected s3://<bucket>/<key>, got " + uri);
        }
        return new S3Location(parsed.getHost(), path.substring(1));
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
