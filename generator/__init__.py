"""gongshi: public-notice websites and news feeds for award nominations."""

__version__ = "0.1.0"
