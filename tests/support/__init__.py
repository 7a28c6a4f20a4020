"""What the tests share: helpers (pages, browser guards, config), hosting (a
loopback host that sends the site's _headers) and tools (the pinned outside
tools). Test modules import from here, never from one another."""
