//! Typst embedded as a library: the one-file world of a report (fonts embedded, no
//! files or network at run time) and typesetting its source into PDF bytes.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Noto Sans (a sans-serif for official documents, from the `ttf-noto-sans` crate) for
/// the text, and Typst's own fonts (`typst-assets`) as fallback for symbols.
static FONTS: LazyLock<Fonts> = LazyLock::new(|| {
    let noto: [&'static [u8]; 4] = [
        ttf_noto_sans::REGULAR,
        ttf_noto_sans::BOLD,
        ttf_noto_sans::ITALIC,
        ttf_noto_sans::BOLD_ITALIC,
    ];
    let fonts: Vec<Font> = noto
        .into_iter()
        .chain(typst_assets::fonts())
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    Fonts {
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
    }
});

/// Whether one of the embedded fonts has a glyph for `c`. PDF/UA-1 refuses text that
/// no font can show, so the source builder replaces such characters (an emoji, a
/// full-width bracket typed into a report field) instead of failing the release.
pub fn displayable(c: char) -> bool {
    (' '..='~').contains(&c)
        || FONTS
            .fonts
            .iter()
            .any(|f| f.info().coverage.contains(c as u32))
}

/// The standard library with the accessibility extras (`pdf.header-cell` for row headers).
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| {
    LazyHash::new(
        Library::builder()
            .with_features([typst::Feature::A11yExtras].into_iter().collect())
            .build(),
    )
});

struct ReportWorld {
    main: FileId,
    source: Source,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.book
    }
    fn main(&self) -> FileId {
        self.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main {
            Ok(Bytes::from_string(self.source.text().to_string()))
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        FONTS.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // Fixed: the document never depends on the day it is rendered.
        Datetime::from_ymd(2000, 1, 1)
    }
}

/// Typesets Typst source into PDF bytes, in this process.
pub fn typeset(ident: &str, source: &str) -> anyhow::Result<Vec<u8>> {
    typeset_timed(ident, source).map(|(pdf, _)| pdf)
}

/// How long the two phases of [`typeset`] took: Typst's compilation (evaluation and
/// layout) and the PDF export (tagging, font subsetting, writing).
#[derive(Debug, Clone, Copy)]
pub struct Phases {
    pub compile: std::time::Duration,
    pub export: std::time::Duration,
}

/// [`typeset`] with the time of each phase (for the benchmark).
pub fn typeset_timed(ident: &str, source: &str) -> anyhow::Result<(Vec<u8>, Phases)> {
    let started = std::time::Instant::now();
    let main = RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new("/bericht.typ").map_err(|e| anyhow::anyhow!("{e:?}"))?,
    )
    .intern();
    let world = ReportWorld {
        main,
        source: Source::new(main, source.to_owned()),
    };
    let doc: PagedDocument = typst::compile(&world).output.map_err(|errs| {
        anyhow::anyhow!(
            "Typst: {:?}",
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
        )
    })?;
    let compiled = std::time::Instant::now();
    // PDF/UA-1: Typst tags the document and refuses what would violate the standard
    // (missing title, figures without alternative text, …)
    let standards = typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::Ua_1])
        .map_err(|e| anyhow::anyhow!("PDF standard: {e:?}"))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(ident.to_owned()),
        standards,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options).map_err(|errs| {
        anyhow::anyhow!(
            "PDF: {:?}",
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
        )
    });
    let phases = Phases {
        compile: compiled - started,
        export: compiled.elapsed(),
    };
    // Reports are typeset twice a year: drop Typst's memoisation cache instead of keeping
    // tens of MiB of layout results in a long-running server.
    drop(doc);
    typst::comemo::evict(0);
    pdf.map(|pdf| (pdf, phases))
}
