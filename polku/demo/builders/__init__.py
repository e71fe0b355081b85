"""The demo data of each capability built on the casework loop, one module per app, run in
the order of polku.demo.extensions.BUILDERS. They live here, not in the apps: the apps never
import the demo, and production does not install it."""
