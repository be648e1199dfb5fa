# Varnish 7.1 (Debian's `varnish`) with vmod xkey (Debian's `varnish-modules`) in front of the
# storefront. Caches anonymous GET/HEAD pages as the storefront's Cache-Control allows, keeps
# personal and internal routes out of the cache, and drops objects by tag when the storefront
# or the sync worker sends `PURGE` with an `xkey-purge: <tag> <tag> ...` header.
# Start: varnishd -a :80 -f /etc/varnish/storefront.vcl -s malloc,256m
vcl 4.1;

import xkey;

# The storefront (gunicorn): these two lines are the only ones to edit.
backend storefront {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the storefront's processes (webhook receiver and sync worker).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "An xkey-purge header is required"));
        }
        set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.x-purged));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Carts, checkout, orders, preview, webhooks, health and the locale switch are personal,
    # internal or must reach the storefront every time.
    if (req.url ~ "^/(cart|checkout|orders|preview|hooks|locale|healthz|readyz)([/?]|$)"
        || req.url ~ "[?&]preview=") {
        return (pass);
    }
    # A session (a cart, preview mode, a message) makes every page personal.
    if (req.http.Cookie ~ "(^|;\s*)session=") {
        return (pass);
    }
    if (req.url ~ "[?&]lang=") {
        # The URL names the locale: neither the cookie nor Accept-Language changes the page.
        unset req.http.Cookie;
        unset req.http.Accept-Language;
    } elsif (req.http.Cookie ~ "(^|;\s*)lang=") {
        # Keep only the cookie that selects the locale, so other cookies do not split the cache.
        set req.http.Cookie = regsub(req.http.Cookie, "^(?:.*;\s*)?(lang=[^;]*).*$", "\1");
    } else {
        unset req.http.Cookie;
    }
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        # Never stored; remembered for two minutes as "do not wait for another request".
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # While the storefront is down or slow, an expired copy may be served for a day.
    set beresp.grace = 24h;
    return (deliver);
}

sub vcl_deliver {
    # Tags are for this cache only.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
