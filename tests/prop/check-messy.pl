#!/usr/bin/env perl
# check-messy.pl: the property of tests/cli/prop_messy.bats over exports
# made by gen-messy.pl, once imported and raised.
#
#   perl check-messy.pl DIR...
#
# Each DIR holds truth.tsv (from gen-messy.pl), status (one line per
# step of the plan: the step, a tab, its exit status) and dump.tsv (what
# the database holds, tab-separated):
#   R file line person_no            a response
#   H file line person_no            a held row
#   A alert respondent reason_key file line unknown
#                                    an alert: the person's number or the
#                                    respondent written, the held row it
#                                    was raised from, if any, and 1 when
#                                    the respondent is not on the roster
#
# The property:
#  (a) every record of a file is either a response or a held row, once,
#      at its line: a response when the whole row can be read, held
#      otherwise; nothing else is stored;
#  (b) per respondent (a pupil number, on the roster or not; a row
#      without one is a respondent of its own; a row that cannot be
#      split is the respondent whose number stands in its id column,
#      if any, and its item 9 is unreadable): when any of its rows has
#      a readable positive item 9, exactly one alert, for card:red or
#      critical; when every row has a readable item 9 of 0 (no other
#      item can make a card red), none;
#      else (a blank or unreadable item 9) at most one.  A number not on
#      the roster may also be judged row by row (two pupils may have
#      written the same wrong number): each held row of it with a
#      positive item 9 one alert, one with 0 none, others at most one;
#  and every import exits 0 when it held no row and 65 when it did, and
#  every ph-alert raise exits 0.
#
# Prints each violation, then "failed: DIR..." and exits 1 when there
# were any.
use strict;
use warnings;

my @failed;

sub slurp_lines {
	my ($path) = @_;
	open my $fh, '<:raw', $path or return;
	my @l = map { s/\r?\n\z//r } <$fh>;
	close $fh;
	return @l;
}

for my $dir (@ARGV) {
	my @bad;
	my $say = sub { push @bad, "$dir: @_" };
	my (@truth, %row_at, %held_in);

	for (slurp_lines("$dir/truth.tsv")) {
		my %t;
		@t{qw(file line id whose split item9 value readable heldas)} =
		    split /\t/, $_, -1;
		push @truth, \%t;
		$row_at{"$t{file}:$t{line}"} = \%t;
		$held_in{$t{file}}++ unless $t{readable};
	}
	my @status = slurp_lines("$dir/status");
	unless (-e "$dir/status") {
		$say->('no status: the plan did not run');
	}
	for (@status) {
		my ($step, $rc) = split /\t/;
		my ($verb, $file) = split / /, $step;
		my $want = $verb eq 'import' && $held_in{$file} ? 65 : 0;
		$say->("'$step' exited $rc, not $want" .
		    ($verb eq 'import' ? " ($file has " .
		    ($held_in{$file} // 0) . " rows to hold)" : ''))
		    if $rc != $want;
	}

	# (a) each record once, as a response or held as it should be
	my (%stored, %alerts);
	for (slurp_lines("$dir/dump.tsv")) {
		my @f = split /\t/, $_, -1;
		if ($f[0] eq 'R' || $f[0] eq 'H') {
			push @{$stored{"$f[1]:$f[2]"}}, [$f[0], $f[3]];
		} elsif ($f[0] eq 'A') {
			my ($id, $who, $reason, $file, $line, $unknown) =
			    @f[1 .. 6];
			my $key = $who ne '' ? "no:$who" : $file ne '' ?
			    "row:$file:$line" : 'row:?';
			push @{$alerts{$key}}, { reason => $reason,
			    from => "$file:$line", unknown => $unknown,
			    text => "$reason (alert $id" . ($file ne '' ?
			    ", from $file:$line" : '') . ')' };
		}
	}
	for my $t (@truth) {
		my $at = "$t->{file}:$t->{line}";
		my $got = delete $stored{$at} // [];
		my $want = $t->{readable} ? 'R' : 'H';
		my $what = "$at ($t->{id}, $t->{whose}, item 9 $t->{item9}" .
		    ($t->{split} ? '' : ', cannot be split') . ')';
		if (!@$got) {
			$say->("$what: neither a response nor held: lost");
		} elsif (@$got > 1) {
			$say->("$what: stored " . scalar(@$got) . " times");
		} elsif ($got->[0][0] ne $want) {
			$say->("$what: " . ($want eq 'R' ? 'held, but it can '
			    . 'be read in full' : 'a response, but it cannot be '
			    . 'read in full'));
		} elsif ($t->{split} && $got->[0][1] ne $t->{id}) {
			$say->("$what: stored as '$got->[0][1]'");
		}
	}
	for my $at (sort keys %stored) {
		$say->("$at: stored, but no record starts there");
	}

	# (b) per respondent
	my %state;
	for my $t (@truth) {
		my $who = $t->{split} ? $t->{id} : $t->{heldas} // '';
		my $key = $who ne '' ? "no:$who" : "row:$t->{file}:$t->{line}";
		my $s = $t->{item9} eq 'pos' ? 'pos' :
		    $t->{item9} eq 'zero' ? 'none' : 'any';
		my $was = $state{$key}{state} // 'none';
		$state{$key}{state} = $was eq 'pos' || $s eq 'pos' ? 'pos' :
		    $was eq 'any' || $s eq 'any' ? 'any' : 'none';
		$state{$key}{row}{"$t->{file}:$t->{line}"} = $s;
		push @{$state{$key}{rows}}, "$t->{file}:$t->{line} item 9 " .
		    ($t->{item9} eq 'pos' || $t->{item9} eq 'zero' ?
		    "= $t->{value}" : $t->{item9});
	}
	for my $key (sort keys %state) {
		my $got = delete $alerts{$key} // [];
		my $s = $state{$key}{state};
		my $rows = join ', ', @{$state{$key}{rows}};
		my $n = @$got;
		my $list = $n ? ': ' . join('; ', map { $_->{text} } @$got) : '';
		my $one = $n == 1 && $got->[0]{reason} =~ /^(card:red|critical)$/;
		my $why = $s eq 'pos' && !$one ? 'a positive item 9, ' .
		    "$n alerts$list; want exactly one, card:red or critical" :
		    $s eq 'none' && $n ? "no positive item 9, $n alerts$list; " .
		    'want none' : $s eq 'any' && $n > 1 ? "$n alerts$list; " .
		    'want at most one' : '';
		# a number not on the roster may be two pupils who wrote the
		# same wrong number: one alert a held row will do as well
		if ($why ne '' && grep { $_->{unknown} } @$got) {
			my %per_row;
			push @{$per_row{$_->{from}}}, $_ for @$got;
			my $rows_ok = 1;
			for my $at (keys %per_row) {
				$rows_ok = 0 unless exists $state{$key}{row}{$at};
			}
			while (my ($at, $rs) = each %{$state{$key}{row}}) {
				my $a = $per_row{$at} // [];
				$rows_ok = 0 if $rs eq 'pos' && (@$a != 1 ||
				    $a->[0]{reason} !~ /^(card:red|critical)$/);
				$rows_ok = 0 if $rs eq 'none' && @$a;
				$rows_ok = 0 if $rs eq 'any' && @$a > 1;
			}
			$why = '' if $rows_ok;
			$why .= ' (or one for each held row with a positive ' .
			    'item 9)' if $why ne '';
		}
		$say->("$key ($rows): $why") if $why ne '';
	}
	for my $key (sort keys %alerts) {
		$say->("$key: alerts for no respondent of the files: " .
		    join('; ', map { $_->{text} } @{$alerts{$key}}));
	}
	if (@bad) {
		print "$_\n" for @bad;
		push @failed, $dir;
	}
}
if (@failed) {
	print "failed: @failed\n";
	exit 1;
}
exit 0;
