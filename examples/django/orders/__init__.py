"""Orders paid with OVO through Faspay: checkout, notification and return views."""
