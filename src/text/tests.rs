use super::*;

#[test]
fn every_bundled_font_decodes_with_latin_letters() {
    for id in fonts::all() {
        let face = id
            .face()
            .unwrap_or_else(|| panic!("{id:?} does not decode"));
        assert!(face.units_per_em >= 16.0, "{id:?}");
    }
    for family in [
        Family::Virgil,
        Family::Excalifont,
        Family::Nunito,
        Family::LilitaOne,
        Family::ComicShanns,
        Family::Cascadia,
        Family::LiberationSans,
        Family::Assistant,
    ] {
        let first = family.faces().next().unwrap();
        let line = shape_line("Hag", &[first]);
        assert_eq!(line.missing, 0, "{family:?}");
        assert_eq!(line.glyphs.len(), 3, "{family:?}");
        assert!(
            line.width > 1.0 && line.width < 3.0,
            "{family:?}: {}",
            line.width
        );
    }
}

#[test]
fn shaping_advances_left_to_right_and_counts_what_no_font_has() {
    let chain = chain(Family::Excalifont);
    let line = shape_line("ab\tc \u{378}", &chain);
    assert_eq!(line.missing, 1);
    let inked: Vec<&Glyph> = line
        .glyphs
        .iter()
        .filter(|g| outline(g.face, g.id, 0).is_some())
        .collect();
    assert_eq!(inked.len(), 3, "a, b, c inked; the tab and space take room");
    let xs: Vec<f32> = line.glyphs.iter().map(|g| g.x).collect();
    assert!(xs.windows(2).all(|w| w[1] > w[0]), "{xs:?}");
    // The tab is a space: "ab c" is as wide as "ab\tc".
    let spaced = shape_line("ab c", &chain);
    assert!((spaced.glyphs[3].x - line.glyphs[3].x).abs() < 1e-6);
}

#[test]
fn cyrillic_in_a_latin_only_family_comes_from_the_fallback() {
    let line = shape_line("Жж", &chain(Family::LilitaOne));
    assert_eq!(line.missing, 0);
    assert!(line
        .glyphs
        .iter()
        .all(|g| !Family::LilitaOne.faces().any(|f| f == g.face)));
}

#[test]
fn outlines_are_closed_polygons_in_ems_and_finer_at_higher_levels() {
    let face = Family::LiberationSans.faces().next().unwrap();
    let o = shape_line("O", &[face]);
    let id = o.glyphs[0].id;
    let coarse = outline(face, id, 0).unwrap();
    let fine = outline(face, id, 4).unwrap();
    assert_eq!(coarse.contours.len(), 2, "an O has two contours");
    let count = |o: &Outline| o.contours.iter().map(Vec::len).sum::<usize>();
    assert!(count(&fine) > count(&coarse));
    // Cap height about 0.7 em above the baseline (y down: negative).
    let top = fine
        .contours
        .iter()
        .flatten()
        .map(|p| p[1])
        .fold(0.0, f32::min);
    assert!((-0.8..-0.6).contains(&top), "{top}");
    // A space has no outline; the same glyph twice is the same allocation.
    let space = shape_line(" ", &[face]).width;
    assert!(space > 0.2);
    assert!(std::sync::Arc::ptr_eq(
        &fine,
        &outline(face, id, 4).unwrap()
    ));
}

#[test]
fn levels_keep_the_flattening_within_the_tolerance() {
    assert_eq!(level_for(1.0, 0.05), 0);
    let l = level_for(20.0, 0.05);
    let tol = 20.0 / 160.0 / f32::from(1u16 << l);
    assert!(tol <= 0.05 && tol > 0.025, "level {l}: {tol}");
    assert_eq!(level_for(1e9, 0.05), outline::MAX_LEVEL);
    assert_eq!(level_for(f32::NAN, 0.05), 0);
}

#[test]
fn emoji_come_from_noto_emoji_in_monochrome() {
    let line = shape_line("ok 😁✅", &chain(Family::Excalifont));
    assert_eq!(line.missing, 0);
    let emoji: Vec<&Glyph> = line
        .glyphs
        .iter()
        .filter(|g| Family::NotoEmoji.faces().any(|f| f == g.face))
        .collect();
    assert_eq!(emoji.len(), 2);
    assert!(emoji.iter().all(|g| outline(g.face, g.id, 2).is_some()));
}
