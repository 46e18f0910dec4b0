#!/usr/bin/env perl
# gen-messy.pl: messy PHQ-9 survey exports, and what each row says, for
# the property test tests/cli/prop_messy.bats.
#
#   perl gen-messy.pl --roster FILE --out DIR --seed S [--count N]
#       [--without MESS,...]
#   perl gen-messy.pl --forms DIR
#
# The pupil numbers on the roster are the first column of FILE (a CSV
# with a header line).  Export k (0 <= k < N) is made from seed S+k alone,
# so any one of them can be made again with --seed S+k --count 1.  It is
# written to DIR/S+k/:
#
#   export-1.csv (or .tsv), export-2.csv when a corrected or late file
#       follows the first: the files as a survey platform or a teacher
#       with a spreadsheet leaves them, in UTF-8 (with or without a BOM)
#       or GBK, LF or CRLF;
#   plan: one line per step, in order: "import FILE [OPTION...]" or
#       "raise";
#   truth.tsv: one line per record of each file, tab-separated:
#       file, line (where the record starts), id (the pupil number as
#       written, trimmed), whose (known: on the roster, unknown, blank),
#       split (1 when the reader can split the record into its cells; a
#       line of nothing but blanks is no record and not listed),
#       item9 (pos, zero, blank, bad; '-' when not split), value (the
#       item 9 value, '-' unless pos or zero), readable (1 when the whole
#       row can be read: split, known, every item cell an answer or
#       blank, and at least one answer; such a row is a response, any
#       other is held), heldas (the number a reader that holds a row it
#       cannot split by what stands in its id column would find there,
#       else the id; '' when it has none: a row of bytes of no encoding).
#
# The mess (each can be left out with --without, to tell bugs apart):
#   headers: item numbers alone, numbered question text with official
#       punctuation variants, notes such as （单选题）, English text,
#       item ids; the id question numbered and worded ("1.请输入你的学号：");
#       extra columns (序号, 提交答卷时间, 来源IP, 总分, a weak 编号 ...);
#       columns in any order                                   (always)
#   cells: digits (also full width), option text and its synonyms,
#       letters (A, b, Ｃ), letter and text ("B. 好几天"), points in
#       brackets ("好几天（1分）"), spaces, quotes             (always)
#   blank   blank cells ("", "-", "(跳过)") and rows with only the number
#   bad     cells that name no option ("几平每天", "E", "4", "B.几乎每天")
#   unknown pupil numbers not on the roster
#   blankid rows without a pupil number, and rows of commas
#   dup     the same pupil more than once (a resubmission); without it,
#           no number twice
#   split   rows the reader cannot split (an unquoted comma, a stray
#           byte): held with their line
#   lines   blank lines, free text over several lines, short rows
#   gbk     GBK files (else UTF-8)
#   tsv     tab-separated files (else CSV)
#   second  a second file for the same campaign (a corrected file, late
#           answers), imported after the first, ph-alert raise after
#           both or between them
#
# Item 1 to 8 are kept low enough (at most 15 together) that no total,
# prorated or not, is severe: a row's card is red only through item 9.
# Free text holds nothing a keyword rule looks for.
#
# --forms DIR writes the forms used, for the test to check each is read
# as meant: DIR/headers.tsv (a name, the id's header, one per item),
# DIR/cells.tsv (cell, value or 'blank' or 'bad').
use strict;
use warnings;
use utf8;
use Encode qw(encode);
use File::Path qw(make_path);

my %opt = (count => 1, without => '');
while (@ARGV) {
	my $a = shift @ARGV;
	if ($a =~ /^--(roster|out|seed|count|without|forms)$/ && @ARGV) {
		$opt{$1} = shift @ARGV;
	} else {
		die "usage: gen-messy.pl --roster FILE --out DIR --seed S "
		    . "[--count N] [--without MESS,...] | --forms DIR\n";
	}
}
my %without = map { $_ => 1 } grep { $_ ne '' } split /,/, $opt{without};
for (keys %without) {
	die "gen-messy.pl: --without: no mess '$_'\n" unless
	    /^(blank|bad|unknown|blankid|dup|split|lines|gbk|tsv|second)$/;
}

# PHQ-9 as share/ph/instruments/phq9.yaml has it, with the wordings
# found in circulating versions (punctuation only apart).
my @items = (
	['做事时提不起劲或没有兴趣', 'Little interest or pleasure in doing things',
	    ['做事时提不起劲，或没有兴趣']],
	['感到心情低落、沮丧或绝望', 'Feeling down, depressed, or hopeless',
	    ['感到心情低落，沮丧或绝望', '感到心情低落,沮丧或绝望']],
	['入睡困难、睡不安稳或睡眠过多',
	    'Trouble falling or staying asleep, or sleeping too much',
	    ['入睡困难，睡不安稳或睡眠过多']],
	['感觉疲倦或没有活力', 'Feeling tired or having little energy', []],
	['食欲不振或吃太多', 'Poor appetite or overeating', []],
	['觉得自己很糟，或觉得自己很失败，或让自己或家人失望',
	    'Feeling bad about yourself, or that you are a failure or have '
	    . 'let yourself or your family down',
	    ['觉得自己很糟—或觉得自己很失败，或让自己或家人失望',
	     '觉得自己很糟-或觉得自己很失败,或让自己或家人失望']],
	['对事物专注有困难，例如阅读报纸或看电视时',
	    'Trouble concentrating on things, such as reading the newspaper '
	    . 'or watching television',
	    ['对事物专注有困难,例如阅读报纸或看电视时',
	     '对事物专注有困难：例如阅读报纸或看电视时']],
	['动作或说话速度缓慢到别人已经察觉，或正好相反，烦躁或坐立不安、动来动去的情况更胜于平常',
	    'Moving or speaking so slowly that other people could have '
	    . 'noticed, or the opposite, being so fidgety or restless that '
	    . 'you have been moving around a lot more than usual',
	    ['动作或说话速度缓慢到别人已经觉察？或正好相反—烦躁或坐立不安、动来动去的情况更胜于平常',
	     '动作或说话速度缓慢到别人已经觉察，或正好相反，烦躁或坐立不安、动来动去的情况更胜于平常']],
	['有不如死掉或用某种方式伤害自己的念头',
	    'Thoughts that you would be better off dead, or of hurting '
	    . 'yourself in some way',
	    ['有不如死掉或用某种方式伤害自己的念头吗？',
	     '有不如死掉或者用某种方式伤害自己的念头',
	     '有不如死掉，或用某种方式伤害自己的念头']],
);

# Options: the text, the synonyms an export may hold.
my @option_text = ('完全不会', '好几天', '一半以上的天数', '几乎每天');
my @synonyms = (
	['没有', '从未', '完全没有', '从不', 'Not at all'],
	['有几天', '几天', '有过几天', 'Several days'],
	['超过一半的天数', '一半以上的日子', 'More than half the days'],
	['几乎每一天', '差不多每天', 'Nearly every day'],
);
my @letters_wide = ('Ａ', 'Ｂ', 'Ｃ', 'Ｄ');
my @digits_wide = ('０', '１', '２', '３');
my @letter_seps = ('.', '. ', '、', '．', ':', '：', ')', '）', ' ', '-', '，');
my @point_forms = ('（%d分）', '(%d分)', ' (%d分)', '（%d 分）');

# Cells that name no option, whatever the item.
my @bad_cells = ('几平每天', '好几夭', '一半以上的夭数', '完全不回', 'E', 'F',
    'e', '4', '7', '-1', '2.5', 'x', 'B.几乎每天', 'A.好几天', '好几天（3分）');
my @blank_cells = ('', '', '', ' ', '-', '(跳过)', '（跳过）', '　');

# A question's number before its text, and notes after it.
my @numberings = ('%d、', '%d.', '%d. ', '%d．', '%d：', 'Q%d.', 'Q%d:', 'Q%d ',
    '第%d题 ', '(%d)', '（%d）', '%d) ', '*%d、');
my @suffixes = ('', '', '？', '?', '吗？', '吗', '（单选题）', '【单选题】', '[单选]',
    ' (单选题)', '：', '*', '（必选）');
# A header that is only the item's number.
my @number_only = ('%d', '%d', 'Q%d', 'Q%d.', '%d.', '%d、', '第%d题', '(%d)',
    '（%d）');
my @id_headers = ('学号', '学号', '学号：', '%d、学号', '%d.请输入你的学号：',
    '您的学籍号（必填）', 'Q%d. 学号', '请填写学号', '*学号', '学籍号',
    '%d、请输入您的学号', '%d. 学号（必填）');

# Columns a platform adds: header, and a cell maker.
my @surnames = qw(张 王 李 赵 刘 陈 杨 黄 周 吴);
my @given = qw(一 小明 欣怡 子涵 浩然 雨桐 梓轩 思远 佳怡 宇航);
my @extras = (
	['序号', sub { $_[0] + 1 }],
	['提交答卷时间', sub { sprintf '2026/9/%d %d:%02d:%02d', 1 + int(rand 14),
	    8 + int(rand 10), int(rand 60), int(rand 60) }],
	['所用时间', sub { (30 + int(rand 400)) . '秒' }],
	['来源', sub { pick('手机提交', '微信', '链接', 'QQ') }],
	['来源详情', sub { pick('直接访问', 'N/A', '二维码') }],
	['来源IP', sub { sprintf '10.%d.%d.%d(浙江-杭州)', int(rand 256),
	    int(rand 256), int(rand 256) }],
	['姓名', sub { pick(@surnames) . pick(@given) }],
	['%d、您的班级：', sub { pick('初一1班', '初一（2）班', '七年级2班', '') }],
	['总分', sub { int(rand 28) }],
	['编号', sub { 1000 + $_[0] }],
	['用户ID', sub { 'u' . int(rand 100000) }],
	['其他想说的', sub { free_text() }],
);

sub pick { return $_[int(rand @_)] }

# A header with the question's number, when it has a place for one.
sub fmt { my ($f, $n) = @_; return $f =~ /%d/ ? sprintf($f, $n) : $f }

# A question and a note after it, but no question asked twice ("…吗？吗？").
sub with_suffix {
	my ($t, $suffix) = @_;
	return $t =~ /[？?]$/ && $suffix =~ /^(吗|？|\?)/ ? $t : $t . $suffix;
}
sub chance { return rand() < $_[0] }

# A cell as the reader gives it: trimmed, full-width digits and letters
# made ASCII.
sub normalise {
	my ($s) = @_;
	$s =~ s/^[ \t\r\n\x{0B}\f\x{A0}\x{3000}]+//;
	$s =~ s/[ \t\r\n\x{0B}\f\x{A0}\x{3000}]+$//;
	$s =~ tr/０-９Ａ-Ｚａ-ｚ/0-9A-Za-z/;
	return $s;
}

# Free text: nothing a keyword rule looks for; now and then over two
# lines.
sub free_text {
	my @said = ('无', '没有', '最近还好', '谢谢老师', '考试有点紧张', '睡得不太好',
	    '想多和同学一起打球', '作业有点多', '');
	my $t = pick(@said);
	$t .= "\n" . pick(@said[0 .. 7]) if !$without{lines} && chance(0.15);
	return $t;
}

# A cell for value v (0-3).
sub answer_cell {
	my ($v) = @_;
	my $r = int(rand 14);
	my $text = chance(0.7) ? $option_text[$v] : pick(@{$synonyms[$v]});
	return "$v" if $r <= 3;
	return $digits_wide[$v] if $r == 4;
	return $text if $r <= 6;
	return chr(ord('A') + $v) if $r == 7;
	return chr(ord('a') + $v) if $r == 8;
	return $letters_wide[$v] if $r == 9;
	my $letter = chance(0.5) ? chr(ord('A') + $v) : chr(ord('a') + $v);
	return $letter . pick(@letter_seps) . $option_text[$v] if $r == 10;
	return '(' . chr(ord('A') + $v) . ')' . $option_text[$v] if $r == 11;
	return $text . sprintf(pick(@point_forms), $v) if $r == 12;
	return " $option_text[$v] ";
}

# A header for item i (0-based): its number alone, its id, or its text
# with or without the number of its place in the survey and a note.
sub item_header {
	my ($i, $position) = @_;
	my ($zh, $en, $also) = @{$items[$i]};
	my $r = int(rand 10);

	return sprintf(pick(@number_only), $i + 1) if $r <= 2;
	return "phq9_" . ($i + 1) if $r == 3;
	my $text = $r == 4 ? $en : chance(0.5) ? $zh : (@$also ? pick(@$also) :
	    $zh);
	my $number = chance(0.3) ? '' : sprintf(pick(@numberings), $position);
	my $suffix = $text eq $en ? pick('', '?', ' (single choice)') :
	    pick(@suffixes);
	return $number . with_suffix($text, $suffix);
}

sub csv_field {
	my ($s, $quote) = @_;
	if ($quote || $s =~ /[",\n\r]/ || $s =~ /^\s|\s$/) {
		$s =~ s/"/""/g;
		return "\"$s\"";
	}
	return $s;
}

sub tsv_field {
	my ($s) = @_;
	$s =~ s/\\/\\\\/g;
	$s =~ s/\t/\\t/g;
	$s =~ s/\n/\\n/g;
	return $s;
}

# Values of items 1-8, at most 15 together.
sub low_items {
	my @v = map { int(rand 4) } 1 .. 8;
	my $sum = 0;
	$sum += $_ for @v;
	while ($sum > 15) {
		my $k = int(rand 8);
		next unless $v[$k] > 0;
		$v[$k]--;
		$sum--;
	}
	return @v;
}

# One file: its layout, then its rows.  Returns the bytes and the truth
# lines.
sub make_file {
	my ($name, $known, $seen, $fmt, $dup_rate) = @_;
	my $tsv = $fmt->{tsv};

	# columns: the id, nine items, some extras, in some order
	my @extra = grep { chance(0.35) } 0 .. $#extras;
	my @cols = ({ kind => 'id' },
	    (map { { kind => 'item', item => $_ } } 0 .. 8),
	    map { { kind => 'extra', extra => $_ } } @extra);
	if (chance(0.5)) {
		for (my $k = $#cols; $k > 0; $k--) {
			my $j = int(rand($k + 1));
			@cols[$k, $j] = @cols[$j, $k];
		}
	}
	my ($idcol) = grep { $cols[$_]{kind} eq 'id' } 0 .. $#cols;
	# a platform numbers its questions in order, the id question too;
	# a teacher's sheet may number the items as the instrument does
	my $position = int(rand 3) + 1;
	my $by_item = chance(0.3);
	for my $c (@cols) {
		if ($c->{kind} eq 'id') {
			$c->{header} = fmt(pick(@id_headers), $position++);
		} elsif ($c->{kind} eq 'item') {
			$c->{header} = item_header($c->{item}, $by_item ?
			    $c->{item} + 1 : $position++);
		} else {
			$c->{header} = fmt($extras[$c->{extra}][0], $position++);
		}
	}

	my $sep = $tsv ? "\t" : ',';
	my @lines = (join($sep, map { $tsv ? tsv_field($_->{header}) :
	    csv_field($_->{header}, 0) } @cols));
	my $line = 2;
	my @truth;
	my $nrows = 1 + int(rand 24);

	for my $row (0 .. $nrows - 1) {
		if (!$without{lines} && chance(0.04)) {
			push @lines, pick('', '  ');
			$line++;
		}
		# whose row
		my ($id, $whose);
		my $r = rand();
		if (!$without{blankid} && $r < 0.04) {
			($id, $whose) = ('', 'blank');
		} elsif (!$without{unknown} && $r < 0.14) {
			do {
				$id = pick('S9' . sprintf('%03d', int(rand 1000)),
				    'X' . int(rand 100), '2026' . int(rand 10000));
			} while ($without{dup} && grep { $_ eq $id } @$seen);
			$whose = 'unknown';
		} elsif (!$without{dup} && @$seen && $r < 0.14 + $dup_rate) {
			$id = pick(@$seen);
			$whose = exists $known->{$id} ? 'known' : 'unknown';
		} else {
			# without dup, nobody twice: a pupil not seen yet
			my %used = map { $_ => 1 } @$seen;
			my @free = grep { !$without{dup} || !$used{$_} }
			    sort keys %$known;
			($id, $whose) = @free ? (pick(@free), 'known') :
			    ('S8' . scalar(@$seen), 'unknown');
		}
		push @$seen, $id if $id ne '';

		# what it answers: item 9 positive, zero, blank or bad
		my @v = low_items();
		my $r9 = rand();
		my ($state9, $v9) = $r9 < 0.3 ? ('pos', 1 + int(rand 3)) :
		    $r9 < 0.75 ? ('zero', 0) :
		    !$without{blank} && $r9 < 0.88 ? ('blank', '-') :
		    !$without{bad} ? ('bad', '-') : ('zero', 0);
		push @v, $v9;
		my @state = map { 'answer' } 0 .. 7;
		push @state, $state9 eq 'pos' || $state9 eq 'zero' ? 'answer' :
		    $state9;
		for my $k (0 .. 7) {
			if (!$without{blank} && chance(0.04)) {
				$state[$k] = 'blank';
			} elsif (!$without{bad} && chance(0.015)) {
				$state[$k] = 'bad';
			}
		}
		# a row with only the number, or nothing at all
		if (!$without{blank} && chance(0.05)) {
			@state = map { 'blank' } 0 .. 8;
			($state9, $v9) = ('blank', '-');
			($id, $whose) = ('', 'blank')
			    if !$without{blankid} && chance(0.3);
		}
		my $answers = grep { $_ eq 'answer' } @state;
		my $bad = grep { $_ eq 'bad' } @state;

		my @fields;
		my $id_cell = $id eq '' ? pick('', ' ') :
		    chance(0.1) ? pick(" $id", "$id ", "　$id") : $id;
		for my $c (@cols) {
			my $k = $c->{item};
			push @fields, $c->{kind} eq 'id' ? $id_cell :
			    $c->{kind} eq 'extra' ? ($id eq '' && !$answers &&
			    !$bad ? '' : $extras[$c->{extra}][1]->($row)) :
			    $state[$k] eq 'answer' ? answer_cell($v[$k]) :
			    $state[$k] eq 'blank' ? pick(@blank_cells) :
			    pick(@bad_cells);
			# a number that is no value casts doubt on every
			# number of the file: its coding must be stated
			$fmt->{numbers} = 1 if $c->{kind} eq 'item' &&
			    $state[$k] eq 'bad' && $fields[-1] =~ /^[-0-9.]+$/;
		}
		my @out = map { $tsv ? tsv_field($_) :
		    csv_field($_, chance(0.05)) } @fields;
		# one the reader cannot split
		my ($split, $heldas) = (1, '');
		if (!$without{split} && chance(0.04)) {
			my $k = int(rand @out);
			$split = 0;
			if (!grep({ /\n/ } @fields) && chance(0.5)) {
				# a byte of no encoding (a line cut short by
				# a careless tool)
				$out[$k] .= "\x{FFFF}";
			} else {
				# a separator inside a cell, and a last cell
				# that shows the row is a cell too long
				my $piece = pick('有时', '1');
				# not a cell of two lines into the id's column
				$k = $idcol if $k < $idcol &&
				    ($k + 1 == $idcol ? $piece : $fields[$idcol - 1])
				    =~ /\n/;
				$out[$k] .= $sep . $piece;
				$out[-1] = '无' if $k != $#out &&
				    $fields[$#out] =~ /^[\s　]*$/;
				# what stands in the id's column now: a
				# reader may hold the row under it
				my @read = (@fields[0 .. $k], $piece,
				    @fields[$k + 1 .. $#fields]);
				$heldas = normalise($read[$idcol]);
				# and any number may now stand in an item's
				# column
				$fmt->{numbers} = 1;
			}
		}
		# short rows: an editor drops trailing empty cells
		if ($split && !$without{lines} && chance(0.1)) {
			pop @out while @out > 1 && $out[-1] eq '';
		}
		my $text = join $sep, @out;
		my $physical = () = $text =~ /\n/g;
		push @lines, $text;
		# a line of nothing but spaces and separators: no record
		if ($text =~ /^[ \t　]*$/) {
			$line += 1 + $physical;
			next;
		}
		$id = normalise($id);
		$heldas = $id if $split;
		my $readable = $split && $whose eq 'known' && !$bad &&
		    $answers > 0 ? 1 : 0;
		push @truth, join("\t", $name, $line, $id, $whose, $split,
		    $split ? $state9 : '-', $split ? $v9 : '-', $readable,
		    $heldas);
		$line += 1 + $physical;
	}
	my $body = join("\n", @lines) . "\n";
	$body =~ s/\n/\r\n/g if $fmt->{crlf};
	my @parts = split /\x{FFFF}/, $body, -1;
	my $bytes = join "\xff", map { encode($fmt->{gbk} ? 'gbk' : 'UTF-8', $_,
	    Encode::FB_CROAK) } @parts;
	$bytes = "\xef\xbb\xbf" . $bytes if $fmt->{bom};
	return ($bytes, @truth);
}

sub write_bytes {
	my ($path, $bytes) = @_;
	open my $fh, '>:raw', $path or die "gen-messy.pl: $path: $!\n";
	print $fh $bytes or die "gen-messy.pl: $path: $!\n";
	close $fh or die "gen-messy.pl: $path: $!\n";
}

sub forms {
	my ($dir) = @_;
	make_path($dir);
	my (@h, %used);
	# every numbering with every suffix, on one item or another; each
	# item's texts in turn; nine items and an id question a file
	my @pairs;
	for my $num ('', @numberings) {
		push @pairs, [$num, $_] for @suffixes;
	}
	my $files = int((@pairs + 8) / 9);
	for my $f (0 .. $files - 1) {
		my @row = (fmt($id_headers[$f % @id_headers], 1));
		for my $i (0 .. 8) {
			my ($num, $suf) = @{$pairs[($f * 9 + $i) % @pairs]};
			my @texts = ($items[$i][0], @{$items[$i][2]});
			my $t = $texts[$used{$i}++ % @texts];
			push @row, (length $num ? sprintf($num, 11 - $i) : '') .
			    with_suffix($t, $suf);
		}
		push @h, join("\t", "text$f", @row);
	}
	# numbers alone, each form on every item
	for my $f (0 .. $#number_only) {
		push @h, join("\t", "number$f", fmt($id_headers[$f % @id_headers],
		    1), map { sprintf $number_only[($f + $_) % @number_only], $_ }
		    1 .. 9);
	}
	push @h, join("\t", 'english', '学号', map { $_->[1] } @items);
	push @h, join("\t", 'english-numbered', '学号',
	    map { "Q$_. $items[$_ - 1][1]" .
	    ($_ % 2 ? '?' : ' (single choice)') } 1 .. 9);
	push @h, join("\t", 'ids', '学号', map { "phq9_$_" } 1 .. 9);
	open my $fh, '>:encoding(UTF-8)', "$dir/headers.tsv" or die "$!\n";
	print $fh "$_\n" for @h;
	close $fh;
	open $fh, '>:encoding(UTF-8)', "$dir/cells.tsv" or die "$!\n";
	for my $v (0 .. 3) {
		my @c = ("$v", $digits_wide[$v], $option_text[$v], @{$synonyms[$v]},
		    chr(ord('A') + $v), chr(ord('a') + $v), $letters_wide[$v],
		    '(' . chr(ord('A') + $v) . ')' . $option_text[$v],
		    " $option_text[$v] ");
		push @c, chr(ord('A') + $v) . $_ . $option_text[$v],
		    chr(ord('a') + $v) . $_ . $option_text[$v] for @letter_seps;
		push @c, $option_text[$v] . sprintf($_, $v) for @point_forms;
		push @c, $_ . sprintf($point_forms[0], $v) for @{$synonyms[$v]};
		print $fh "$_\t$v\n" for @c;
	}
	print $fh "$_\tblank\n" for grep { !/^\s*$/ } @blank_cells;
	print $fh "$_\tbad\n" for @bad_cells;
	close $fh;
}

if (defined $opt{forms}) {
	forms($opt{forms});
	exit 0;
}
die "gen-messy.pl: --roster, --out and --seed are needed\n"
    unless defined $opt{roster} && defined $opt{out} && defined $opt{seed};
die "gen-messy.pl: --seed and --count are whole numbers\n"
    unless $opt{seed} =~ /^\d+$/ && $opt{count} =~ /^\d+$/;

my %known;
{
	open my $fh, '<:encoding(UTF-8)', $opt{roster}
	    or die "gen-messy.pl: $opt{roster}: $!\n";
	<$fh>;
	while (<$fh>) {
		s/\r?\n$//;
		s/^\x{FEFF}//;
		my ($no) = split /,/;
		$known{$no} = 1 if defined $no && $no ne '';
	}
	close $fh;
	die "gen-messy.pl: $opt{roster}: no pupil numbers\n" unless %known;
}

for my $k (0 .. $opt{count} - 1) {
	my $seed = $opt{seed} + $k;
	my $dir = "$opt{out}/$seed";
	srand($seed);
	make_path($dir);
	my @seen;
	my @plan;
	my @truth;
	my $nfiles = !$without{second} && chance(0.3) ? 2 : 1;
	for my $f (1 .. $nfiles) {
		my %fmt = (gbk => !$without{gbk} && chance(0.35),
		    tsv => !$without{tsv} && chance(0.1), crlf => chance(0.4));
		$fmt{bom} = !$fmt{gbk} && chance(0.5);
		my $name = "export-$f." . ($fmt{tsv} ? 'tsv' : 'csv');
		my ($bytes, @t) = make_file($name, \%known, \@seen, \%fmt,
		    $f == 1 ? 0.2 : 0.6);
		write_bytes("$dir/$name", $bytes);
		push @truth, @t;
		my @args = ($name);
		push @args, '--encoding', 'gbk' if $fmt{gbk} && chance(0.3);
		# as the user told to by the import that refused the file
		push @args, '--values', 'value' if $fmt{numbers} || chance(0.2);
		push @plan, "import @args";
		push @plan, 'raise' if $f < $nfiles && chance(0.5);
	}
	push @plan, 'raise';
	write_bytes("$dir/plan", join('', map { "$_\n" } @plan));
	write_bytes("$dir/truth.tsv", encode('UTF-8', join('', map { "$_\n" }
	    @truth)));
}
