//! Hardening II (issue 13): each test fails on the code before its fix.

mod connections;
mod headers_and_hosts;
mod login_throttle;
mod pdf_queue;
mod redirects;
mod sessions;
mod text_and_pages;
